/** Reciprocal rank fusion: robust to the very different score scales of BM25 and cosine. */
export interface Ranked {
  label: number;
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
