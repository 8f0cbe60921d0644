/**
 * The local embedder's features: lexical tokens with their hashes (df sketch slot,
 * sparse and latent buckets), a corpus of them as typed tables, and the scratch rows
 * embedding reuses. Kept apart from the embedder so the indexer can hand it the
 * lexical index's tokens (FeatureCorpus) without the embedding maths.
 */
import { tokenize } from '../text/tokenize.js';
import { fnv1a as hash } from '../util/hash.js';

export const SKETCH_BITS = 18;
export const SKETCH_SIZE = 1 << SKETCH_BITS;

/** The hashes of a feature key the embedder reads: df sketch slot, sparse and latent buckets with sign. */
export interface KeyHashes {
  df: number;
  sparse: number;
  latent: number;
}

export function keyHashes(key: string): KeyHashes {
  return { df: hash(key, 7) & (SKETCH_SIZE - 1), sparse: hash(key, 13), latent: hash(key, 29) };
}

/** One feature of a text: a lexical token (Han character or bigram, English stem, number) and its count. */
export interface Feature {
  key: string;
  tf: number;
  hashes: KeyHashes;
}

/**
 * Features of text in matching form (normalizeForMatch): exactly its BM25 tokens, so
 * the indexer can derive them from the lexical index it builds anyway (FeatureCorpus).
 */
export function matchFormFeatures(text: string): Feature[] {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return Array.from(counts, ([key, tf]) => ({ key, tf, hashes: keyHashes(key) }));
}

/** Per term id of a vocabulary: its key (for tie-breaks) and hashes, as typed tables. */
export interface TermTable {
  key(id: number): string;
  dfSlot: Uint32Array;
  sparse: Uint32Array;
  latent: Uint32Array;
}

export function termTable(count: number, key: (id: number) => string): TermTable {
  const dfSlot = new Uint32Array(count);
  const sparse = new Uint32Array(count);
  const latent = new Uint32Array(count);
  for (let id = 0; id < count; id++) {
    const h = keyHashes(key(id));
    dfSlot[id] = h.df;
    sparse[id] = h.sparse;
    latent[id] = h.latent;
  }
  return { key, dfSlot, sparse, latent };
}

/**
 * Documents as term ids and counts over one vocabulary, plus exact document
 * frequencies: what a fit reads, and how a full build embeds (typed arrays, no
 * object per feature: that churn was a third of the build's embedding time).
 */
export interface FeatureCorpus {
  size: number;
  doc(i: number): { ids: ArrayLike<number>; tfs: ArrayLike<number> };
  terms: TermTable;
  /** Per term id, the number of documents containing it. */
  dfs(): ArrayLike<number>;
}

/** The k-th smallest value of `a` (0-based), rearranging `a`: quickselect with a median-of-three pivot. */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Bucket sums in first-touched order (the order a Map would iterate), dense and reused. */
export class BucketRow {
  readonly values: Float64Array;
  /** A bucket is listed once, even when its sum returns to exactly 0 (as a Map keeps its key). */
  private readonly listed: Uint8Array;
  buckets = new Uint32Array(128);
  n = 0;

  constructor(width: number) {
    this.values = new Float64Array(width);
    this.listed = new Uint8Array(width);
  }

  add(bucket: number, w: number): void {
    if (!this.listed[bucket]) {
      if (this.n === this.buckets.length) {
        const grown = new Uint32Array(2 * this.n);
        grown.set(this.buckets);
        this.buckets = grown;
      }
      this.listed[bucket] = 1;
      this.buckets[this.n++] = bucket;
    }
    this.values[bucket] = this.values[bucket]! + w;
  }

  clear(): void {
    for (let k = 0; k < this.n; k++) {
      this.values[this.buckets[k]!] = 0;
      this.listed[this.buckets[k]!] = 0;
    }
    this.n = 0;
  }
}

/** One document's weighted features as parallel arrays (scratch, reused). */
export class Weighted {
  n = 0;
  w = new Float64Array(256);
  sparse = new Uint32Array(256);
  latent = new Uint32Array(256);
  key: (i: number) => string = () => '';

  reset(n: number, key: (i: number) => string): void {
    if (n > this.w.length) {
      const size = Math.max(n, 2 * this.w.length);
      this.w = new Float64Array(size);
      this.sparse = new Uint32Array(size);
      this.latent = new Uint32Array(size);
    }
    this.n = n;
    this.key = key;
  }
}

/** base64 (or the bytes themselves) as int8. */
export function decodeInt8(b64: string | Uint8Array): Int8Array {
  const bytes = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : b64;
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
