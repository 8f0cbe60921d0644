/**
 * A published state of a local index: every live segment opened, searched together.
 * BM25 uses the statistics of all live chunks (lexicon.ts); kNN asks each segment's
 * graph and merges the lists; deleted chunks are hidden in this reader's copy of
 * each graph and skipped in the postings. Per-snapshot state (label → article
 * table, filter memo) lives here, so hot reload drops it with the snapshot.
 */
import type { ArticleMeta } from '../../types.js';
import {
  matchesFilter, isFiltered, type Bm25Params, type ChunkFilter, type ChunkRef, type IndexedArticle, type IndexMeta, type IndexSnapshot,
  type ScoredLabel, type StoredArticle, type StoredChunk, type WeightedTerm,
} from '../index-store.js';
import { Lexicon } from '../lexicon.js';
import { indexedArticle, type ManifestJson } from './manifest.js';
import { closeSegment, openSegment, type SegmentFiles } from './segment.js';

/**
 * A filter accepting at most this many chunks is answered by scoring them all: exact, and
 * cheaper than a graph walk that rejects nearly every node it visits (a date window
 * matching nothing made the walk visit the whole graph).
 */
const EXACT_FILTER_LIMIT = 2048;

export class LocalSnapshot implements IndexSnapshot {
  readonly lexicon: Lexicon;
  readonly meta: IndexMeta;
  /** Live articles; an article's ordinal indexes the arrays below. */
  private readonly metas: ArticleMeta[] = [];
  private readonly segmentOf: number[] = [];
  private readonly firstLabel: number[] = [];
  private readonly chunkCount: number[] = [];
  private readonly ordinalById = new Map<string, number>();
  private readonly ordinalByUrl = new Map<string, number>();
  /** Per segment: (label − base) → 1 + article ordinal; 0 = deleted. */
  private readonly owner: Int32Array[];
  private indexed?: Map<string, IndexedArticle>;

  constructor(readonly version: string, private readonly manifest: ManifestJson, readonly segments: SegmentFiles[]) {
    this.meta = manifest.meta;
    this.owner = segments.map((s) => new Int32Array(s.entry.count));
    segments.forEach((s, seg) => {
      for (const meta of s.articles.allMeta()) {
        const row = manifest.articles[meta.id];
        if (!row || row[4] !== seg) continue; // replaced or removed since this segment was written
        const ordinal = this.metas.push(meta) - 1;
        this.segmentOf.push(seg);
        this.firstLabel.push(row[5]);
        this.chunkCount.push(row[6]);
        this.ordinalById.set(meta.id, ordinal);
        this.ordinalByUrl.set(meta.url, ordinal);
        this.owner[seg]!.fill(ordinal + 1, row[5] - s.entry.base, row[5] - s.entry.base + row[6]);
      }
    });
    const gone = this.owner.map((owners) => (owners.includes(0) ? Uint8Array.from(owners, (o) => (o === 0 ? 1 : 0)) : undefined));
    segments.forEach((s, seg) => {
      const g = gone[seg];
      if (g) s.vectors.hide(Array.from(g.keys()).filter((local) => g[local]).map((local) => s.entry.base + local));
    });
    this.lexicon = new Lexicon(segments.map((s, seg) => ({ base: s.entry.base, parts: s.lexical, gone: gone[seg] })));
  }

  static async open(indexDir: string, version: string, manifest: ManifestJson): Promise<LocalSnapshot> {
    const opened = await Promise.allSettled(manifest.segments.map((entry) => openSegment(indexDir, entry)));
    const failed = opened.find((o) => o.status === 'rejected');
    const segments = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    if (failed) {
      segments.forEach(closeSegment);
      const i = opened.indexOf(failed);
      throw new IndexUnreadableError(indexDir, manifest.segments[i]!.name, (failed as PromiseRejectedResult).reason);
    }
    return new LocalSnapshot(version, manifest, segments);
  }

  get bm25(): Bm25Params {
    return this.lexicon.params;
  }

  set bm25(p: Bm25Params) {
    this.lexicon.params = p;
  }

  /** The segment holding a label (segments are in base order), or -1. */
  private segment(label: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const { base, count } = this.segments[mid]!.entry;
      if (label < base) hi = mid - 1;
      else if (label >= base + count) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** The live article ordinal of a label, or -1. */
  articleOrdinal(label: number): number {
    const seg = this.segment(label);
    return seg < 0 ? -1 : this.owner[seg]![label - this.segments[seg]!.entry.base]! - 1;
  }

  /** A label test for a filter, memoised per article for this one search. */
  private acceptor(filter: ChunkFilter | undefined): ((label: number) => boolean) | undefined {
    if (!isFiltered(filter)) return undefined;
    const verdict = new Int8Array(this.metas.length);
    return (label) => {
      const a = this.articleOrdinal(label);
      if (a < 0) return false;
      if (verdict[a] === 0) verdict[a] = matchesFilter(this.metas[a], filter) ? 1 : -1;
      return verdict[a] === 1;
    };
  }

  async lexicalCandidates(terms: WeightedTerm[], limit: number, filter?: ChunkFilter): Promise<ScoredLabel[]> {
    return this.lexicon.search(terms, limit, this.acceptor(filter));
  }

  async knn(vector: number[], k: number, opts: { ef?: number; filter?: ChunkFilter } = {}): Promise<ScoredLabel[]> {
    const few = isFiltered(opts.filter) ? this.fewAccepted(opts.filter, EXACT_FILTER_LIMIT) : undefined;
    if (few) return this.exactKnn(vector, k, few);
    const accept = this.acceptor(opts.filter);
    const all: ScoredLabel[] = [];
    for (const s of this.segments) {
      const n = Math.min(k, s.entry.live);
      if (n > 0) all.push(...s.vectors.knn(vector, n, Math.max(opts.ef ?? n, n), accept));
    }
    return all.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, k);
  }

  /**
   * The labels of the live chunks a filter accepts, or undefined as soon as there are
   * more than `limit` (a scan of the article table, stopped early for broad filters).
   */
  private fewAccepted(filter: ChunkFilter, limit: number): number[] | undefined {
    const labels: number[] = [];
    for (let a = 0; a < this.metas.length; a++) {
      if (!matchesFilter(this.metas[a], filter)) continue;
      if (labels.length + this.chunkCount[a]! > limit) return undefined;
      for (let i = 0; i < this.chunkCount[a]!; i++) labels.push(this.firstLabel[a]! + i);
    }
    return labels;
  }

  /** Cosine similarity to every given chunk: the graphs hold unit vectors (cosine space normalises on insert). */
  private exactKnn(vector: number[], k: number, labels: number[]): ScoredLabel[] {
    const norm = Math.hypot(...vector) || 1;
    const scored = labels.map((label) => {
      const point = this.segments[this.segment(label)]!.vectors.point(label);
      let dot = 0;
      for (let i = 0; i < point.length; i++) dot += point[i]! * vector[i]!;
      return { label, score: dot / norm };
    });
    return scored.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, k);
  }

  /** Synchronous reads: the files are local and open. */
  chunkRef(label: number): ChunkRef | undefined {
    const a = this.articleOrdinal(label);
    return a < 0 ? undefined : { label, articleId: this.metas[a]!.id, ordinal: label - this.firstLabel[a]! };
  }

  chunk(label: number): StoredChunk | undefined {
    const ref = this.chunkRef(label);
    const doc = ref && this.segments[this.segment(label)]!.texts.get(label);
    return ref && doc ? { ...ref, text: doc.pageContent } : undefined;
  }

  /** An article's metadata (read at open), without its text. */
  articleMeta(id: string): ArticleMeta | undefined {
    const a = this.ordinalById.get(id);
    return a === undefined ? undefined : this.metas[a];
  }

  article(id: string): StoredArticle | undefined {
    const a = this.ordinalById.get(id);
    return a === undefined ? undefined : this.segments[this.segmentOf[a]!]!.articles.get(id);
  }

  async chunkRefs(labels: readonly number[]): Promise<(ChunkRef | undefined)[]> {
    return labels.map((l) => this.chunkRef(l));
  }

  async chunks(labels: readonly number[]): Promise<(StoredChunk | undefined)[]> {
    return labels.map((l) => this.chunk(l));
  }

  async articles(ids: readonly string[]): Promise<(StoredArticle | undefined)[]> {
    return ids.map((id) => this.article(id));
  }

  articleByUrlNow(url: string): StoredArticle | undefined {
    const a = this.ordinalByUrl.get(url);
    return a === undefined ? undefined : this.article(this.metas[a]!.id);
  }

  async articleByUrl(url: string): Promise<StoredArticle | undefined> {
    return this.articleByUrlNow(url);
  }

  articleMetas(): readonly ArticleMeta[] {
    return this.metas;
  }

  async listArticles(): Promise<readonly ArticleMeta[]> {
    return this.metas;
  }

  async indexedArticles(): Promise<ReadonlyMap<string, IndexedArticle>> {
    return (this.indexed ??= new Map(Object.entries(this.manifest.articles).map(([id, row]) => [id, indexedArticle(id, row)])));
  }

  async close(): Promise<void> {
    this.segments.forEach(closeSegment);
  }
}

/** A segment the manifest names cannot be read (a damaged or missing file): the index must be rebuilt. */
export class IndexUnreadableError extends Error {
  constructor(indexDir: string, segment: string, cause: unknown) {
    const why = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ');
    super(`the index in ${indexDir} cannot be read (${segment}: ${why}): rebuild it with \`npm run index -- --full\``, { cause });
    this.name = 'IndexUnreadableError';
  }
}
