/**
 * HNSW parameter sweep: recall of the approximate kNN against an exact cosine scan,
 * and its latency, for a few (M, efConstruction, ef) settings. The product builds
 * with HNSW_BUILD (src/ingest/hnsw-graph.ts); hybrid.ts sets the search ef.
 */
import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW } from 'hnswlib-node';
import { percentile } from './stats.js';

export interface VectorSet {
  dim: number;
  /** Row-major, L2-normalised. */
  data: Float32Array;
  count: number;
}

export interface TuneRow {
  chunks: number;
  m: number;
  efConstruction: number;
  build_s: number;
  k: number;
  ef: number;
  recall: number;
  /** Recall of the first 10 returned against the exact top 10 (what the fused ranking mostly sees). */
  recall10: number;
  p50_ms: number;
  p95_ms: number;
}

export const BUILD_SETTINGS: [m: number, efConstruction: number][] = [[16, 200], [16, 100], [32, 48], [32, 64], [32, 100], [32, 200]];
export const EF_FOR_K10 = [16, 32, 64, 100, 200];
export const EF_FOR_K100 = [100, 200, 400];

function normalise(v: number[]): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return Float32Array.from(v, (x) => x / n);
}

/** All live points of an index, by label (labels are 0..count-1 in a fresh build). */
export function vectorsOf(index: HierarchicalNSW): VectorSet & { rowOf: (label: number) => number } {
  const labels = index.getIdsList().sort((a, b) => a - b);
  const dim = index.getNumDimensions();
  const data = new Float32Array(labels.length * dim);
  labels.forEach((label, row) => data.set(normalise(index.getPoint(label)), row * dim));
  const rows = new Map(labels.map((label, row) => [label, row]));
  return { dim, data, count: labels.length, rowOf: (label) => rows.get(label) ?? -1 };
}

/** Exact top-k rows by cosine (dot product of normalised vectors). */
export function exactTopK(set: VectorSet, query: Float32Array, k: number): number[] {
  const { dim, data, count } = set;
  const top: { row: number; score: number }[] = [];
  let floor = -Infinity;
  for (let row = 0; row < count; row++) {
    let s = 0;
    const base = row * dim;
    for (let d = 0; d < dim; d++) s += data[base + d]! * query[d]!;
    if (top.length < k || s > floor) {
      top.push({ row, score: s });
      if (top.length > k) {
        top.sort((a, b) => b.score - a.score);
        top.length = k;
        floor = top[k - 1]!.score;
      }
    }
  }
  return top.sort((a, b) => b.score - a.score).map((t) => t.row);
}

function recallOf(found: number[], exact: number[]): number {
  const want = new Set(exact);
  return found.filter((x) => want.has(x)).length / Math.max(1, exact.length);
}

/** Recall and latency of one index over the queries, for each ef. */
export function sweepEf(
  index: HierarchicalNSW, rowOf: (label: number) => number, queries: Float32Array[], truth: number[][], k: number, efs: number[],
  base: Pick<TuneRow, 'chunks' | 'm' | 'efConstruction' | 'build_s'>,
): TuneRow[] {
  return efs.map((ef) => {
    index.setEf(Math.max(ef, k));
    const times: number[] = [];
    let recall = 0;
    let recall10 = 0;
    queries.forEach((q, i) => {
      const arr = Array.from(q);
      const t = performance.now();
      const { neighbors } = index.searchKnn(arr, k);
      times.push(performance.now() - t);
      const rows = neighbors.map(rowOf);
      recall += recallOf(rows, truth[i]!.slice(0, k));
      recall10 += recallOf(rows.slice(0, 10), truth[i]!.slice(0, 10));
    });
    const n = queries.length;
    return { ...base, k, ef: Math.max(ef, k), recall: recall / n, recall10: recall10 / n, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95) };
  });
}

/** Build a fresh index over the set with the given parameters; returns it and the build time. */
export function buildWith(set: VectorSet, m: number, efConstruction: number): { index: HierarchicalNSW; seconds: number } {
  const index = new hnswlib.HierarchicalNSW('cosine', set.dim);
  const t = performance.now();
  index.initIndex(set.count, m, efConstruction, 100);
  for (let row = 0; row < set.count; row++) index.addPoint(Array.from(set.data.subarray(row * set.dim, (row + 1) * set.dim)), row);
  return { index, seconds: (performance.now() - t) / 1000 };
}

export function groundTruth(set: VectorSet, queries: Float32Array[], k: number): number[][] {
  return queries.map((q) => exactTopK(set, q, k));
}

export function queryVectors(vectors: number[][]): Float32Array[] {
  return vectors.map(normalise);
}
