/**
 * Index build figures: full-build throughput and the cost of an incremental
 * re-index after one changed file, both through the product's buildIndex.
 */
import { appendFile, cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../src/config.js';
import { buildIndex, type BuildSummary } from '../src/ingest/build.js';
import { LocalEmbedder } from '../src/embed/local-embedder.js';
import type { IndexStore } from '../src/store/index-store.js';
import { median } from './stats.js';

export interface StageTimes {
  /** Milliseconds since the build started at the end of each stage. */
  [stage: string]: number;
}

export interface BuildRun {
  ms: number;
  chunks: number;
  stages: StageTimes;
}

/** One build with the built-in embedder, timing each stage. */
export async function timedBuild(corpusDirs: string[], indexDir: string, config: Config, full: boolean, store?: IndexStore): Promise<BuildRun & { summary: BuildSummary }> {
  const embeddings = new LocalEmbedder();
  const stages: StageTimes = {};
  const started = performance.now();
  const summary = await buildIndex({
    corpusDirs, indexDir, embeddings, embedderInfo: embeddings.info, full, store,
    chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES,
    onStage: (stage) => (stages[stage] = Math.round(performance.now() - started)),
  });
  return { ms: performance.now() - started, chunks: summary.chunks, stages, summary };
}

export interface FullBuildResult {
  chunks: number;
  runs: BuildRun[];
  medianMs: number;
  chunksPerS: number;
}

export async function benchFullBuild(
  corpus: string, workDir: string, config: Config, runs: number, log: (l: string) => void, store?: IndexStore,
): Promise<FullBuildResult> {
  const indexDir = join(workDir, 'index-full');
  const out: BuildRun[] = [];
  for (let r = 0; r <= runs; r++) {
    await rm(indexDir, { recursive: true, force: true });
    const run = await timedBuild([corpus], indexDir, config, true, store);
    log(`  full build ${r === 0 ? 'warm-up' : `run ${r}`}: ${run.chunks} chunks in ${Math.round(run.ms)} ms ${JSON.stringify(run.stages)}`);
    if (r > 0) out.push(run);
  }
  await rm(indexDir, { recursive: true, force: true });
  const medianMs = median(out.map((r) => r.ms));
  const chunks = out[0]?.chunks ?? 0;
  return { chunks, runs: out, medianMs, chunksPerS: chunks / (medianMs / 1000) };
}

export interface IncrementalResult {
  runs: BuildRun[];
  medianMs: number;
  ratio: number;
}

/** Re-index after editing one file (a different one each run) of a private copy of the corpus. */
export async function benchIncremental(
  corpus: string, workDir: string, config: Config, runs: number, fullMs: number, log: (l: string) => void, store?: IndexStore,
): Promise<IncrementalResult> {
  const copy = join(workDir, 'incremental-corpus');
  const indexDir = join(workDir, 'index-incremental');
  await rm(copy, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  await cp(corpus, copy, { recursive: true });
  const files = (await readdir(copy)).filter((f) => f.toLowerCase().endsWith('.txt')).sort();
  if (files.length === 0) throw new Error(`no .txt files in ${corpus}`);
  await timedBuild([copy], indexDir, config, true, store);
  const out: BuildRun[] = [];
  for (let r = 0; r <= runs; r++) {
    const file = join(copy, files[(r * 7919) % files.length]!);
    await appendFile(file, `\n<p>基准测试第${r + 1}次修改：这一句是新增的内容。</p>\n`);
    const run = await timedBuild([copy], indexDir, config, false, store);
    if (run.summary.changed !== 1) throw new Error(`expected one changed article, got ${JSON.stringify(run.summary)}`);
    log(`  incremental ${r === 0 ? 'warm-up' : `run ${r}`}: ${Math.round(run.ms)} ms ${JSON.stringify(run.stages)}`);
    if (r > 0) out.push(run);
  }
  await rm(copy, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  const medianMs = median(out.map((r) => r.ms));
  return { runs: out, medianMs, ratio: medianMs / fullMs };
}
