/**
 * Fusing the lexical and vector candidate lists. Reciprocal rank fusion is robust
 * to the very different score scales of BM25 and cosine but throws away how sure
 * each retriever was; the score fusion keeps it by normalising each list (to its
 * best score, or min–max) before a weighted sum.
 */
export interface Ranked {
  label: number;
  /** Retriever score, higher is better (needed by score fusion only). */
  score?: number;
}

export function reciprocalRankFusion(lists: { items: Ranked[]; weight: number }[], k = 60): Map<number, number> {
  const fused = new Map<number, number>();
  for (const { items, weight } of lists) {
    items.forEach((item, rank) => {
      fused.set(item.label, (fused.get(item.label) ?? 0) + weight / (k + rank + 1));
    });
  }
  return fused;
}

/** Weighted sum of min–max normalised scores; an item missing from a list gets 0 from it. */
export function scoreFusion(lists: { items: Ranked[]; weight: number }[]): Map<number, number> {
  const fused = new Map<number, number>();
  for (const { items, weight } of lists) {
    if (items.length === 0) continue;
    const scores = items.map((i) => i.score ?? 0);
    const max = Math.max(...scores);
    const min = Math.min(...scores);
    const span = max - min || 1;
    items.forEach((item, i) => {
      fused.set(item.label, (fused.get(item.label) ?? 0) + (weight * (scores[i]! - min)) / span);
    });
  }
  return fused;
}
