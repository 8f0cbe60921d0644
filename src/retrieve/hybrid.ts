/**
 * Hybrid retrieval: BM25 ∥ vector kNN → weighted reciprocal rank fusion → group by
 * article → (English questions) rerank the leading articles by fused rank plus
 * calibrated `relevance` (see relevance.ts), which the answerers also use to decide
 * whether the corpus answers the question at all. Tuning: docs/EVAL.md.
 */
import type { Document } from '@langchain/core/documents';
import type { Passage, SearchHit, SearchOptions } from '../types.js';
import { toMeta as metaOf, type StoredArticle } from '../ingest/store-layout.js';
import { reciprocalRankFusion, scoreFusion, type Ranked } from './fusion.js';
import type { LexicalIndex, WeightedTerm } from './lexical.js';
import { analyzeQuery, type QueryExpander } from './query.js';
import { calibrate, coverage, evidenceOf, passageText, unitWeight } from './relevance.js';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Embeddings } from '@langchain/core/embeddings';

export { stripQuestionFrame, termDf, type ExpansionContext, type QueryExpander, type QueryExpansion } from './query.js';

export interface SearchableIndex {
  store: HNSWLib;
  lexical: LexicalIndex;
  embeddings: Embeddings;
  /** Chunks that are live (not deleted) in the vector index. */
  liveChunks: number;
  chunk(label: number): Document | undefined;
  article(id: string): StoredArticle | undefined;
}

export interface HybridTuning {
  /** Chunks taken from each retriever. */
  candidates: number;
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
  candidates: 100, lexicalWeight: 1, vectorWeight: 0.1, useLexical: true, useVector: true, useExpansion: true,
  fusion: 'rrf', rrfK: 10, rerankDepth: 20, rerankWeight: 0, rerankWeightEnglish: 0.1,
};

/** Query terms with weights (question tokens, plus expansion tokens when asked in English). */
export function queryTerms(question: string, expand?: QueryExpander, lexical?: LexicalIndex): { terms: WeightedTerm[]; expansionText: string; embedText: string } {
  const q = analyzeQuery(question, expand, lexical);
  return { terms: q.terms, expansionText: q.embedText.split('\n').slice(1).join('\n'), embedText: q.embedText };
}

function matchesFilter(a: StoredArticle | undefined, opts: SearchOptions): boolean {
  if (!a) return false;
  if (opts.source) {
    const s = opts.source.toLowerCase();
    if (!a.source.toLowerCase().includes(s) && !new URL(a.url).hostname.toLowerCase().includes(s)) return false;
  }
  if (opts.from && a.publishedAt.slice(0, 10) < opts.from.slice(0, 10)) return false;
  if (opts.to && a.publishedAt.slice(0, 10) > opts.to.slice(0, 10)) return false;
  return true;
}

/** Rank discount of the rerank's base score: 1 at the top, 61/70 at rank 10. */
const RANK_K = 60;

/** Matching-form passage text by chunk, per index: the same leading chunks come back question after question. */
const textCache = new WeakMap<SearchableIndex, Map<string, string>>();
const TEXT_CACHE_MAX = 5000;

function cachedText(kb: SearchableIndex, article: StoredArticle, passage: Passage): string {
  let cache = textCache.get(kb);
  if (!cache) textCache.set(kb, (cache = new Map()));
  let text = cache.get(passage.chunkId);
  if (text === undefined) {
    text = passageText(article, passage);
    if (cache.size >= TEXT_CACHE_MAX) cache.clear();
    cache.set(passage.chunkId, text);
  }
  return text;
}

interface Group {
  article: StoredArticle;
  passages: Passage[];
  fused: number;
}

export async function hybridSearch(
  kb: SearchableIndex, question: string, opts: SearchOptions, expand?: QueryExpander, tuning: HybridTuning = DEFAULT_TUNING,
): Promise<SearchHit[]> {
  const k = opts.k ?? 5;
  const query = analyzeQuery(question, tuning.useExpansion ? expand : undefined, kb.lexical);
  const filtered = !!(opts.source || opts.from || opts.to);
  const articleOf = (label: number) => kb.article(String(kb.chunk(label)?.metadata.articleId));
  const accept = filtered ? (label: number) => matchesFilter(articleOf(label), opts) : undefined;
  const lists: { items: Ranked[]; weight: number }[] = [];

  if (tuning.useLexical) lists.push({ items: kb.lexical.search(query.terms, tuning.candidates, accept), weight: tuning.lexicalWeight });
  if (tuning.useVector) {
    const n = Math.min(tuning.candidates, kb.liveChunks);
    if (n > 0) {
      kb.store.index.setEf(Math.max(n, 64));
      const vector = await kb.embeddings.embedQuery(query.embedText);
      const result = kb.store.index.searchKnn(vector, n, accept);
      lists.push({ items: result.neighbors.map((label, i) => ({ label, score: 1 - result.distances[i]! })), weight: tuning.vectorWeight });
    }
  }
  const fused = tuning.fusion === 'score' ? scoreFusion(lists) : reciprocalRankFusion(lists, tuning.rrfK);

  // Group chunks by article, best chunk first, for the rerank pool (just the top k when there is no rerank).
  const lambda = query.english ? tuning.rerankWeightEnglish : tuning.rerankWeight;
  const pool = lambda > 0 ? Math.max(k, tuning.rerankDepth) : k;
  const byArticle = new Map<string, Group>();
  for (const [label, score] of [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    const doc = kb.chunk(label);
    const article = doc && kb.article(String(doc.metadata.articleId));
    if (!doc || !article) continue;
    let group = byArticle.get(article.id);
    if (!group) {
      if (byArticle.size >= pool) continue;
      byArticle.set(article.id, (group = { article, passages: [], fused: score }));
    }
    if (group.passages.length < 3) group.passages.push({ chunkId: `${article.id}:${doc.metadata.ordinal}`, article: metaOf(article), text: doc.pageContent, score });
  }

  const weights = query.units.map((u) => unitWeight(kb.lexical, u));
  // The rerank reads the fused order, not the fused score, so its weight means the same under any fusion.
  const hits = [...byArticle.values()].map(({ article, passages, fused: f }, rank) => {
    const texts = passages.slice(0, 2).map((p) => cachedText(kb, article, p));
    const relevance = calibrate(coverage(weights, query.units, evidenceOf(texts)), query.english);
    return { article: metaOf(article), score: (RANK_K + 1) / (RANK_K + rank + 1) + lambda * relevance, fused: f, passages, relevance };
  });
  // Stable: ties keep fused order.
  return hits.map((h, i) => ({ h, i })).sort((a, b) => b.h.score - a.h.score || a.i - b.i).slice(0, k).map(({ h: { fused: _f, ...hit } }) => hit);
}
