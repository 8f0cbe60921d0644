/** Hybrid retrieval latency (kb.search, as the answerers call it). */
import type { KnowledgeBase } from '../src/types.js';
import { latency, medianLatency, type Latency } from './stats.js';

export interface QueryBenchResult extends Latency {
  perRun: Latency[];
  queries: number;
}

const WARMUP = 50;

export async function benchQueries(kb: KnowledgeBase, queries: string[], runs: number, k: number): Promise<QueryBenchResult> {
  // Warm-up also loads the lazily-built cross-lingual dictionary (first English query).
  for (const q of queries.slice(0, WARMUP)) await kb.search(q, { k });
  const perRun: Latency[] = [];
  for (let r = 0; r < runs; r++) {
    const samples: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await kb.search(q, { k });
      samples.push(performance.now() - t);
    }
    perRun.push(latency(samples));
  }
  return { ...medianLatency(perRun), perRun, queries: queries.length };
}
