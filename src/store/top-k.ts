/** Keeps the best `k` (score desc, label asc) of a stream: a min-heap on the worst kept. */
export interface ScoredLabel {
  label: number;
  score: number;
}

/**
 * Bounded min-heap of the best k (label, score) pairs in typed arrays: a query on a
 * large index offers tens of thousands of documents, and an object per offer was
 * most of the garbage.
 */
export class TopK {
  private readonly labels: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.labels = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** Slot i ranks below slot j. */
  private worse(i: number, j: number): boolean {
    const a = this.scores[i]!;
    const b = this.scores[j]!;
    return a < b || (a === b && this.labels[i]! > this.labels[j]!);
  }

  private swap(i: number, j: number): void {
    const l = this.labels[i]!;
    this.labels[i] = this.labels[j]!;
    this.labels[j] = l;
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
  }

  push(label: number, score: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      this.labels[i] = label;
      this.scores[i] = score;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    // Not better than the worst kept: the common case once the heap is full.
    const worst = this.scores[0]!;
    if (this.k === 0 || score < worst || (score === worst && label > this.labels[0]!)) return;
    this.labels[0] = label;
    this.scores[0] = score;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  sorted(): ScoredLabel[] {
    const out: ScoredLabel[] = [];
    for (let i = 0; i < this.size; i++) out.push({ label: this.labels[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.label - b.label);
  }
}
