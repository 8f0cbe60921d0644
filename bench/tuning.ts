/** The HNSW sweep over the benchmark indexes: rebuilds at the small size, measures the served large index as built. */
import { HNSW_BUILD } from '../src/store/hnsw-graph.js';
import type { LoadedKnowledgeBase } from '../src/retrieve/knowledge-base.js';
import { queryTerms, type QueryExpander } from '../src/retrieve/hybrid.js';
import {
  BUILD_SETTINGS, EF_FOR_K10, EF_FOR_K100, buildWith, groundTruth, queryVectors, sweepEf, vectorsOf, type TuneRow,
} from './hnsw-tune.js';

/** Query vectors exactly as hybridSearch embeds them (question + expansion text). */
async function embedQueries(kb: LoadedKnowledgeBase, questions: string[], expand?: QueryExpander): Promise<Float32Array[]> {
  const vectors: number[][] = [];
  for (const q of questions) {
    const { expansionText } = queryTerms(q, expand);
    vectors.push(await kb.embeddings.embedQuery(expansionText ? `${q}\n${expansionText}` : q));
  }
  return queryVectors(vectors);
}

/** The graph of a freshly built index's one segment. */
function graphOf(kb: LoadedKnowledgeBase) {
  const graph = kb.store.segments[0]?.vectors.graph;
  if (!graph) throw new Error('the HNSW sweep needs an index whose first segment has a graph (more chunks than are stored flat)');
  return graph;
}

export async function runTuning(
  small: LoadedKnowledgeBase, large: LoadedKnowledgeBase | undefined, questions: string[], expand: QueryExpander | undefined,
  log: (l: string) => void,
): Promise<TuneRow[]> {
  const rows: TuneRow[] = [];
  const qSmall = await embedQueries(small, questions, expand);
  const set = vectorsOf(graphOf(small));
  const truth = groundTruth(set, qSmall, 100);
  for (const [m, efConstruction] of BUILD_SETTINGS) {
    const { index, seconds } = buildWith(set, m, efConstruction);
    const base = { chunks: set.count, m, efConstruction, build_s: seconds };
    const found = [...sweepEf(index, (l) => l, qSmall, truth, 10, EF_FOR_K10, base), ...sweepEf(index, (l) => l, qSmall, truth, 100, EF_FOR_K100, base)];
    log(`  M=${m} efC=${efConstruction}: built ${set.count} in ${seconds.toFixed(1)} s; ` + found.map((r) => `k${r.k}/ef${r.ef} ${r.recall.toFixed(3)}/${r.recall10.toFixed(3)}`).join(', '));
    rows.push(...found);
  }
  if (large) {
    // Fewer queries: the exact scan over the large set is O(queries × chunks × dims).
    const qLarge = (await embedQueries(large, questions, expand)).slice(0, 100);
    const bigGraph = graphOf(large);
    const bigSet = vectorsOf(bigGraph);
    const bigTruth = groundTruth(bigSet, qLarge, 100);
    const base = { chunks: bigSet.count, m: HNSW_BUILD.m, efConstruction: HNSW_BUILD.efConstruction, build_s: Number.NaN };
    const found = [
      ...sweepEf(bigGraph, bigSet.rowOf, qLarge, bigTruth, 10, [32, 64, 100, 200], base),
      ...sweepEf(bigGraph, bigSet.rowOf, qLarge, bigTruth, 100, EF_FOR_K100, base),
    ];
    log(`  served ${bigSet.count}-chunk index: ` + found.map((r) => `k${r.k}/ef${r.ef} ${r.recall.toFixed(3)}/${r.recall10.toFixed(3)}`).join(', '));
    rows.push(...found);
  }
  return rows;
}
