/** Robertson-Sparck Jones IDF as BM25 uses it, never negative: the one formula for lexical search, relevance and expansion. */
export function bm25Idf(df: number, docCount: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}
