/**
 * Hybrid retrieval: BM25 ∥ vector kNN → reciprocal rank fusion → group by article.
 * Each hit also gets a calibrated `relevance`: the IDF-weighted share of the query's
 * terms that its best passages (with header) contain, which the answerers use to
 * decide whether the corpus answers the question at all.
 */
import type { Document } from '@langchain/core/documents';
import { detectLanguage, nfkc, normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Passage, SearchHit, SearchOptions } from '../types.js';
import { chunkTokens } from '../ingest/write-parts.js';
import { toMeta as metaOf, type StoredArticle } from '../ingest/store-layout.js';
import { reciprocalRankFusion } from './fusion.js';
import type { LexicalIndex, WeightedTerm } from './lexical.js';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Embeddings } from '@langchain/core/embeddings';

/** Cross-lingual expansion: extra (Chinese) terms for a question, with weights. */
export type QueryExpander = (question: string) => { text: string; weight: number }[];

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
  candidates: number;
  lexicalWeight: number;
  vectorWeight: number;
  useLexical: boolean;
  useVector: boolean;
  useExpansion: boolean;
}

export const DEFAULT_TUNING: HybridTuning = {
  candidates: 100, lexicalWeight: 1, vectorWeight: 1, useLexical: true, useVector: true, useExpansion: true,
};

/** Query terms with weights: question tokens, plus expansion tokens when asked in English. */
export function queryTerms(question: string, expand?: QueryExpander): { terms: WeightedTerm[]; expansionText: string } {
  const weights = new Map<string, number>();
  const add = (term: string, w: number) => weights.set(term, Math.max(weights.get(term) ?? 0, w));
  for (const t of tokenize(normalizeForMatch(question))) add(t, 1);
  let expansionText = '';
  if (expand && detectLanguage(question) === 'en') {
    const extra = expand(nfkc(question));
    for (const { text, weight } of extra) for (const t of tokenize(normalizeForMatch(text))) add(t, weight);
    expansionText = extra.map((e) => e.text).join(' ');
  }
  return { terms: [...weights].map(([term, weight]) => ({ term, weight })), expansionText };
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

export async function hybridSearch(
  kb: SearchableIndex, question: string, opts: SearchOptions, expand?: QueryExpander, tuning: HybridTuning = DEFAULT_TUNING,
): Promise<SearchHit[]> {
  const k = opts.k ?? 5;
  const { terms, expansionText } = queryTerms(question, tuning.useExpansion ? expand : undefined);
  const filtered = !!(opts.source || opts.from || opts.to);
  const articleOf = (label: number) => kb.article(String(kb.chunk(label)?.metadata.articleId));
  const accept = filtered ? (label: number) => matchesFilter(articleOf(label), opts) : undefined;
  const lists: { items: { label: number }[]; weight: number }[] = [];

  if (tuning.useLexical) lists.push({ items: kb.lexical.search(terms, tuning.candidates, accept), weight: tuning.lexicalWeight });
  if (tuning.useVector) {
    const n = Math.min(tuning.candidates, kb.liveChunks);
    if (n > 0) {
      kb.store.index.setEf(Math.max(n, 64));
      const vector = await kb.embeddings.embedQuery(expansionText ? `${question}\n${expansionText}` : question);
      const result = kb.store.index.searchKnn(vector, n, accept);
      lists.push({ items: result.neighbors.map((label) => ({ label })), weight: tuning.vectorWeight });
    }
  }
  const fused = reciprocalRankFusion(lists);

  // Group chunks by article, best chunk first.
  const byArticle = new Map<string, { article: StoredArticle; passages: Passage[]; score: number }>();
  for (const [label, score] of [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    const doc = kb.chunk(label);
    const article = doc && kb.article(String(doc.metadata.articleId));
    if (!doc || !article) continue;
    let group = byArticle.get(article.id);
    if (!group) {
      if (byArticle.size >= k) continue;
      byArticle.set(article.id, (group = { article, passages: [], score }));
    }
    if (group.passages.length < 3) group.passages.push({ chunkId: `${article.id}:${doc.metadata.ordinal}`, article: metaOf(article), text: doc.pageContent, score });
  }
  return [...byArticle.values()].map(({ article, passages, score }) => ({
    article: metaOf(article),
    score,
    passages,
    relevance: coverage(kb.lexical, terms, article, passages),
  }));
}

/** Bigrams touching question words and particles say how a question is asked, not what about. */
const FILLER = /[的了吗呢吧么什哪谁怎为是有在时说]/;

/** IDF-weighted share of query terms present in the article's best passages (with header). */
export function coverage(lexical: LexicalIndex, terms: WeightedTerm[], article: StoredArticle, passages: Passage[]): number {
  const present = new Set(passages.slice(0, 2).flatMap((p) => chunkTokens(article, p.text)));
  let hit = 0;
  let total = 0;
  for (const { term, weight } of terms) {
    if (FILLER.test(term) && !present.has(term)) continue;
    const w = weight * lexical.idf(term);
    total += w;
    if (present.has(term)) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

