/**
 * Hybrid retrieval: BM25 ∥ vector kNN → weighted reciprocal rank fusion → group by
 * article → (English questions) rerank the leading articles by fused rank plus
 * calibrated `relevance` (see relevance.ts), which the answerers also use to decide
 * whether the corpus answers the question at all. Tuning: docs/EVAL.md.
 */
import type { Document } from '@langchain/core/documents';
import type { ArticleMeta, Assessment, Passage, SearchHit, SearchOptions } from '../types.js';
import type { ChunkFilter, IndexSnapshot, StoredArticle, WeightedTerm } from '../store/index-store.js';
import type { QueryStats } from './query-stats.js';
import { reciprocalRankFusion, scoreFusion, type Ranked } from './fusion.js';
import { analyzeQuery, type AnalyzedQuery, type QueryExpander } from './query.js';
import { assessAnswerability, claimSupport, DEFAULT_ANSWERABILITY, splitPassage, type ClaimSupport, type AnswerabilityOptions, type HitEvidence, type PassageSentences, type QuestionEvidence } from './answerability.js';
import { nameFocus } from './name-focus.js';
import { answerTypeOf } from './question-type.js';
import { normalizeForMatch } from '../text/normalize.js';
import { calibrate, coverage, passageEvidence, prepareUnits, textEvidence, type PreparedUnits } from './relevance.js';
import { namesNoTime } from './specific-context.js';
import type { Embeddings } from '@langchain/core/embeddings';
import type { SearchMemo } from './search-memo.js';

export { stripQuestionFrame, type ExpansionContext, type QueryExpander, type QueryExpansion } from './query.js';

export interface SearchableIndex {
  /** Candidates come from the store; statistics from its lexicon. */
  store: Pick<IndexSnapshot, 'lexicalCandidates' | 'knn'>;
  lexical: QueryStats;
  embeddings: Embeddings;
  /** Chunks that are live (not deleted) in the vector index. */
  liveChunks: number;
  chunk(label: number): Document | undefined;
  /** A chunk's article and ordinal, without reading its text. */
  chunkRef(label: number): { articleId: string; ordinal: number } | undefined;
  article(id: string): StoredArticle | undefined;
  /** An article's metadata, without reading its text. */
  articleMeta(id: string): ArticleMeta | undefined;
  /** Fetch what chunk() reads of these chunks and article() of these articles, where the store reads texts on demand. */
  loadTexts?(labels: readonly number[], articleIds?: readonly string[]): Promise<void>;
  /** Per-index memos (search-memo.ts), held by the index so they go with it. */
  readonly memo: SearchMemo;
}

export interface HybridTuning {
  /** Chunks taken from the lexical retriever. */
  candidates: number;
  /**
   * Chunks taken from the vector retriever when fused (HNSW ef is at least this and 64;
   * alone it takes `candidates`). At its small weight it only breaks near-ties, and a
   * Chinese question's pool is just the top k, so a shorter list serves (measured: no
   * change on CMRC and XQuAD zh); English reranks a deeper pool and needs the depth.
   */
  vectorCandidates: number;
  vectorCandidatesEnglish: number;
  lexicalWeight: number;
  vectorWeight: number;
  useLexical: boolean;
  useVector: boolean;
  useExpansion: boolean;
  /** How the lists combine: reciprocal ranks, or normalised scores. */
  fusion: 'rrf' | 'score';
  /** RRF constant: larger flattens the rank curve. */
  rrfK: number;
  /** Leading articles (at least k) reranked with relevance; the same pool for any k keeps top-k stable. */
  rerankDepth: number;
  /** Weight of relevance against the fused rank (1 at the top, 61/(60+r) at rank r) in the rerank; 0 turns it off. */
  rerankWeight: number;
  /** The same for English questions, whose BM25 terms are split among translations and so miss unit coverage. */
  rerankWeightEnglish: number;
}

/** Measured on the development sets: see docs/EVAL.md. */
export const DEFAULT_TUNING: HybridTuning = {
  candidates: 100, vectorCandidates: 50, vectorCandidatesEnglish: 100, lexicalWeight: 1, vectorWeight: 0.1, useLexical: true, useVector: true, useExpansion: true,
  fusion: 'rrf', rrfK: 10, rerankDepth: 20, rerankWeight: 0, rerankWeightEnglish: 0.1,
};

/** Query terms with weights (question tokens, plus expansion tokens when asked in English). */
export function queryTerms(question: string, expand?: QueryExpander, lexical?: QueryStats): { terms: WeightedTerm[]; expansionText: string; embedText: string } {
  const q = analyzeQuery(question, expand, lexical);
  return { terms: q.terms, expansionText: q.embedText.split('\n').slice(1).join('\n'), embedText: q.embedText };
}

function metaOf(a: ArticleMeta): SearchHit['article'] {
  return { id: a.id, url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt, script: a.script };
}

/** Chunks to take from the vector index: alone it ranks everything; fused, it only breaks the lexical list's near-ties. */
function vectorDepth(tuning: HybridTuning, english: boolean): number {
  if (!tuning.useLexical) return tuning.candidates;
  return english ? tuning.vectorCandidatesEnglish : tuning.vectorCandidates;
}

/** Rank discount of the rerank's base score: 1 at the top, 61/70 at rank 10. */
const RANK_K = 60;

/** A chunk in an article's group: its text is read only when an answer or the rerank needs it. */
interface PooledChunk {
  label: number;
  chunkId: string;
  score: number;
}

interface Group {
  article: ArticleMeta;
  chunks: PooledChunk[];
}

/** Passages kept per article. */
const PASSAGES = 3;

/**
 * Chunks grouped by article in fused order (ties: lower label first), best chunk first, for the first `pool` articles.
 * Reads no text: a label's article comes from the store's chunk table.
 */
function groupByArticle(kb: SearchableIndex, fused: Map<number, number>, pool: number): Group[] {
  const labels = kb.memo.labels;
  const groups: Group[] = [];
  const ordinals: number[] = []; // of the groups' articles: the pool is small, a scan beats hashing
  let full = 0;
  for (const [label, score] of [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    // Nothing more can be added once the pool is full and each of its articles has all its passages.
    if (full >= pool) break;
    const ordinal = labels.of(label);
    if (ordinal < 0) continue;
    let g = ordinals.indexOf(ordinal);
    if (g < 0) {
      if (groups.length >= pool) continue;
      g = groups.push({ article: labels.articles[ordinal]!, chunks: [] }) - 1;
      ordinals.push(ordinal);
    }
    const { article, chunks } = groups[g]!;
    if (chunks.length >= PASSAGES) continue;
    chunks.push({ label, chunkId: `${article.id}:${labels.chunkOrdinal(label)}`, score });
    if (chunks.length === PASSAGES) full++;
  }
  return groups;
}

/** A pooled chunk as a passage: its text read now (the store keeps what it read). */
function passageOf(kb: SearchableIndex, article: ArticleMeta, c: PooledChunk): Passage {
  return { chunkId: c.chunkId, article: metaOf(article), text: kb.chunk(c.label)!.pageContent, score: c.score };
}

function analyzed(kb: SearchableIndex, question: string, expand: QueryExpander | undefined): { query: AnalyzedQuery; prepared: PreparedUnits } {
  const key = `${expand ? 'x' : '-'}${question}`;
  const last = kb.memo.lastAnalysis;
  if (last?.key === key) return last;
  const query = analyzeQuery(question, expand, kb.lexical);
  const entry = { key, query, prepared: prepareUnits(kb.lexical, query.units) };
  kb.memo.lastAnalysis = entry;
  return entry;
}

/** What the answerability check needs of one question: its units, type and own words. */
export function questionEvidence(kb: SearchableIndex, question: string, expand?: QueryExpander, tuning: HybridTuning = DEFAULT_TUNING): QuestionEvidence {
  const { query, prepared } = analyzed(kb, question, tuning.useExpansion ? expand : undefined);
  const form = normalizeForMatch(question);
  const ownText = [form, ...query.units.flatMap((u) => u.alternatives)].join('\n');
  // The patterns are written in Simplified: a Traditional question (「什麼時候」, 「誰」) is typed by its matching form.
  const type = answerTypeOf(query.english ? question : form, query.english);
  const focus = type === 'name' ? nameFocus(query.english ? question : form, query.english, prepared.units) : undefined;
  return { prepared, english: query.english, type, form, ownText, focus };
}

/** Whole-article evidence (header + text), memoised per index: specifics may sit in any paragraph. */
export function articleEvidenceOf(kb: SearchableIndex): HitEvidence {
  return (hit) => {
    const evidence = kb.memo.articleEvidence.get(hit.article.id, () => {
      const article = kb.article(hit.article.id);
      return article && { ...passageEvidence(article, { text: article.text }), timeless: namesNoTime(`${article.title}\n${article.text}`) };
    });
    return evidence ? [evidence] : [];
  };
}

/** Whether the hits a search returned answer the question (answerability.ts). */
export function assessHits(
  kb: SearchableIndex, question: string, hits: SearchHit[], minRelevance: number, expand?: QueryExpander, tuning: HybridTuning = DEFAULT_TUNING,
  options: Partial<AnswerabilityOptions> = {},
): Assessment {
  return assessAnswerability(questionEvidence(kb, question, expand, tuning), hits, articleEvidenceOf(kb), { ...DEFAULT_ANSWERABILITY, minRelevance, ...options }, sentencesOf(kb));
}

/** How far the given source texts hold a claim: the claim is analysed as a question is (English through translation). */
export function claimSupportOf(kb: SearchableIndex, claim: string, sourceTexts: string[], expand?: QueryExpander): ClaimSupport {
  const query = analyzeQuery(claim, expand, kb.lexical);
  const prepared = prepareUnits(kb.lexical, query.units);
  const own = { prepared, english: query.english, type: 'other' as const, form: '', ownText: '' };
  return claimSupport(own, [textEvidence(normalizeForMatch(sourceTexts.join('\n')))]);
}

/** A passage's sentences and matching forms, memoised per index by chunk. */
export function sentencesOf(kb: SearchableIndex): PassageSentences {
  return (passage) => kb.memo.sentences.get(passage.chunkId, () => splitPassage(passage.text));
}

export async function hybridSearch(
  kb: SearchableIndex, question: string, opts: SearchOptions, expand?: QueryExpander, tuning: HybridTuning = DEFAULT_TUNING,
): Promise<SearchHit[]> {
  const k = opts.k ?? 5;
  const { query, prepared } = analyzed(kb, question, tuning.useExpansion ? expand : undefined);
  const filter: ChunkFilter | undefined = opts.source || opts.from || opts.to ? { source: opts.source, from: opts.from, to: opts.to } : undefined;
  const lists: { items: Ranked[]; weight: number }[] = [];

  if (tuning.useLexical) lists.push({ items: await kb.store.lexicalCandidates(query.terms, tuning.candidates, filter), weight: tuning.lexicalWeight });
  if (tuning.useVector) {
    const n = Math.min(vectorDepth(tuning, query.english), kb.liveChunks);
    if (n > 0) {
      const vector = await kb.embeddings.embedQuery(query.embedText);
      lists.push({ items: await kb.store.knn(vector, n, { ef: Math.max(n, 64), filter }), weight: tuning.vectorWeight });
    }
  }
  const fused = tuning.fusion === 'score' ? scoreFusion(lists) : reciprocalRankFusion(lists, tuning.rrfK);

  // The rerank pool (just the top k when there is no rerank).
  const lambda = query.english ? tuning.rerankWeightEnglish : tuning.rerankWeight;
  const pool = lambda > 0 ? Math.max(k, tuning.rerankDepth) : k;
  const groups = groupByArticle(kb, fused, pool);
  // A store that reads texts on demand fetches the pool's (the rerank and the hits read them), then the hits' articles.
  await kb.loadTexts?.(groups.flatMap((g) => g.chunks.map((c) => c.label)));
  const hits = rerank(kb, groups, prepared, query.english, lambda, k);
  await kb.loadTexts?.([], hits.map((h) => h.article.id));
  return hits;
}

/** The k-th best score so far (the hits are few: at most the rerank depth). */
function kthScore(hits: { score: number }[], k: number): number {
  return hits.map((h) => h.score).sort((a, b) => b - a)[k - 1]!;
}

/**
 * Final order: fused rank (1 at the top, 61/(60+r) at rank r) + lambda × relevance.
 * The rerank reads the fused order, not the fused score, so its weight means the same
 * under any fusion. Relevance is in [0, 1]: once an article's best possible score cannot
 * beat the k-th best so far (a tie goes to the earlier article), no later one can either,
 * and their passages are never read (most of the English pool).
 */
function rerank(kb: SearchableIndex, groups: Group[], prepared: PreparedUnits, english: boolean, lambda: number, k: number): SearchHit[] {
  const scored: { score: number; relevance: number; rank: number }[] = [];
  for (let rank = 0; rank < groups.length; rank++) {
    const base = (RANK_K + 1) / (RANK_K + rank + 1);
    if (scored.length >= k && base + Math.max(lambda, 0) <= kthScore(scored, k)) break;
    const { article, chunks } = groups[rank]!;
    const evidence = chunks.slice(0, 2).map((c) => kb.memo.passageEvidence.get(c.chunkId, () => passageEvidence(article, passageOf(kb, article, c))));
    const relevance = calibrate(coverage(prepared, evidence), english);
    scored.push({ score: base + lambda * relevance, relevance, rank });
  }
  // Stable: ties keep fused order. Only the hits returned have their passages' texts read.
  return scored.sort((a, b) => b.score - a.score || a.rank - b.rank).slice(0, k).map(({ score, relevance, rank }) => {
    const { article, chunks } = groups[rank]!;
    return { article: metaOf(article), score, passages: chunks.map((c) => passageOf(kb, article, c)), relevance };
  });
}
