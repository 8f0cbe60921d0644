/**
 * What retrieval remembers about one loaded index, held by it (the knowledge base)
 * so hot reload drops it with the index: each label's article, passage and article
 * evidence, passage sentences, and the last question analysed. The evidence maps are
 * bounded: they hold passage texts.
 */
import type { ArticleMeta } from '../types.js';
import type { PassageSentences } from './answerability.js';
import type { AnalyzedQuery } from './query.js';
import type { PassageEvidence, PreparedUnits } from './relevance.js';

export const MEMO_MAX = 5000;

/** A map cleared when it reaches MEMO_MAX entries. */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();

  /** The value for `key`, made when missing (an undefined one is not kept). */
  get<M extends V | undefined>(key: string, make: () => M): V | M {
    let value: V | M | undefined = this.map.get(key);
    if (value === undefined) {
      value = make();
      if (value === undefined) return value;
      if (this.map.size >= MEMO_MAX) this.map.clear();
      this.map.set(key, value as V);
    }
    return value;
  }
}

/** What LabelArticles reads of the index: no texts. */
interface ChunkSource {
  chunkRef(label: number): { articleId: string; ordinal: number } | undefined;
  articleMeta(id: string): ArticleMeta | undefined;
}

/**
 * Each label's article as a dense ordinal, resolved once per index: the same labels
 * come back question after question, and grouping then reads one typed-array slot
 * per fused label instead of a document and its article.
 */
export class LabelArticles {
  /** Label → 1 + article ordinal; 0 not resolved yet, -1 no live chunk or article. */
  private slots = new Int32Array(0);
  readonly articles: ArticleMeta[] = [];
  private readonly ordinals = new Map<string, number>();

  constructor(private readonly kb: ChunkSource) {}

  /** The label's article ordinal, or -1. */
  of(label: number): number {
    if (label >= this.slots.length) this.grow(label);
    let slot = this.slots[label]!;
    if (slot === 0) this.slots[label] = slot = this.resolve(label);
    return slot > 0 ? slot - 1 : -1;
  }

  /** The chunk's ordinal within its article. */
  chunkOrdinal(label: number): number {
    return this.kb.chunkRef(label)!.ordinal;
  }

  private resolve(label: number): number {
    const ref = this.kb.chunkRef(label);
    const article = ref && this.kb.articleMeta(ref.articleId);
    if (!article) return -1;
    let ordinal = this.ordinals.get(article.id);
    if (ordinal === undefined) this.ordinals.set(article.id, (ordinal = this.articles.push(article) - 1));
    return ordinal + 1;
  }

  private grow(label: number): void {
    const slots = new Int32Array(Math.max(label + 1, 2 * this.slots.length, 1024));
    slots.set(this.slots);
    this.slots = slots;
  }
}

export class SearchMemo {
  readonly labels: LabelArticles;
  /** Matching-form passage evidence by chunk id. */
  readonly passageEvidence = new BoundedMap<PassageEvidence>();
  /** Whole-article evidence (header + text) by article id. */
  readonly articleEvidence = new BoundedMap<PassageEvidence>();
  readonly sentences = new BoundedMap<ReturnType<PassageSentences>>();
  /** The last question analysed: the answerability check reads the analysis its search made. */
  lastAnalysis?: { key: string; query: AnalyzedQuery; prepared: PreparedUnits };

  constructor(kb: ChunkSource) {
    this.labels = new LabelArticles(kb);
  }
}
