/**
 * `npm run bench`: index throughput, incremental cost, query latency at ~10k and
 * ~100k chunks, cold start and RSS, /ask end to end, and an HNSW sweep. Progress
 * goes to stderr; stdout gets the table, or with --json exactly one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../src/config.js';
import { readCorpus } from '../src/corpus/read.js';
import { loadExpander } from '../src/app/expander.js';
import { openKnowledgeBase } from '../src/retrieve/knowledge-base.js';
import { detectLanguage } from '../src/text/normalize.js';
import { benchAsk } from './ask-bench.js';
import { benchColdStart } from './cold-start.js';
import { prepareDataset } from './datasets.js';
import { benchFullBuild, benchIncremental } from './index-bench.js';
import type { BenchOptions } from './options.js';
import { benchQueries } from './query-bench.js';
import { benchRefresh, REFRESH_BASE_ARTICLES, REFRESH_NEW_ITEMS, type RefreshBenchResult } from './refresh-bench.js';
import { makeQueries } from './queries.js';
import { synthesizeCorpus } from './synth.js';
import { figuresTable, missedTargets, roundFigures, table, tuningTable, type BenchFigures } from './report.js';
import { runTuning } from './tuning.js';

/** Incremental runs applied to the large index before it is queried (the segments a realistic history leaves). */
const LARGE_UPDATES = 20;

export async function runBench(o: BenchOptions, log: (line: string) => void): Promise<{ figures: Partial<BenchFigures>; text: string }> {
  if (o.only === 'refresh') return runRefreshOnly(o, log);
  const started = performance.now();
  // Product defaults, not the local .env: figures must be comparable between machines.
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  const workDir = o.work ?? (await mkdtemp(join(tmpdir(), 'qa-bench-')));
  const notes: string[] = [`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}`];
  try {
    o = await withBaseCorpus(o, workDir, config, log);
    log(`[bench] full builds of ${o.corpus} (1 warm-up + ${o.runs})`);
    const full = await benchFullBuild(o.corpus, workDir, config, o.runs, log);
    log('[bench] incremental re-index after one changed file');
    const incremental = await benchIncremental(o.corpus, workDir, config, o.runs, full.medianMs, log);

    log('[bench] scaled corpora and indexes');
    const small = await prepareDataset('small', o.corpus, workDir, o.smallChunks, o.seed, config, log);
    const large = await prepareDataset('large', o.corpus, workDir, o.largeChunks, o.seed, config, log, LARGE_UPDATES);

    const { articles } = await readCorpus([o.corpus], { maxBytes: config.MAX_FILE_BYTES });
    const queries = makeQueries(articles, { count: o.queries, seed: o.seed });
    const zh = queries.find((q) => detectLanguage(q) !== 'en') ?? queries[0]!;
    const en = queries.find((q) => detectLanguage(q) === 'en') ?? 'What happened?';

    log(`[bench] cold start of the large index in fresh processes (1 warm-up + ${o.runs})`);
    const cold = await benchColdStart(large.indexDir, zh, en, o.runs);

    const expand = await loadExpander();
    const kbSmall = await openKnowledgeBase(small.indexDir, { expand });
    log(`[bench] ${queries.length} queries x ${o.runs} over ${kbSmall.stats().chunks} chunks`);
    const qSmall = await benchQueries(kbSmall, queries, o.runs, config.RETRIEVAL_K);
    const kbLarge = await openKnowledgeBase(large.indexDir, { expand });
    log(`[bench] ${queries.length} queries x ${o.runs} over ${kbLarge.stats().chunks} chunks`);
    const qLarge = await benchQueries(kbLarge, queries, o.runs, config.RETRIEVAL_K);

    log(`[bench] /ask through the fake Discord server, ${Math.min(o.asks, queries.length)} questions x ${o.runs}`);
    const ask = await benchAsk(kbSmall, queries.slice(0, o.asks), o.runs);

    const refresh = await refreshStep(workDir, o, log);

    let tuning = '';
    if (o.tune) {
      log('[bench] HNSW sweep (recall vs exact cosine scan)');
      tuning = tuningTable(await runTuning(kbSmall, kbLarge, queries.slice(0, 200), expand, log));
    }

    const figures = roundFigures({
      index_chunks_per_s: full.chunksPerS,
      incremental_ratio: incremental.ratio,
      query_p50_ms_10k: qSmall.p50, query_p95_ms_10k: qSmall.p95, query_p99_ms_10k: qSmall.p99,
      query_p50_ms_100k: qLarge.p50, query_p95_ms_100k: qLarge.p95, query_p99_ms_100k: qLarge.p99,
      cold_start_ms_100k: cold.cold_start_ms, rss_mb_100k: cold.rss_mb, ask_p95_ms: ask.p95, refresh_ms: refresh.medianMs,
    });
    const ms = (x: number) => Math.round(x);
    const details = table(['what', 'detail'], [
      ['full build', `${full.chunks} chunks; runs ${full.runs.map((r) => ms(r.ms)).join(', ')} ms; stages (ms since start) ${JSON.stringify(full.runs[0]?.stages)}`],
      ['incremental', `median ${ms(incremental.medianMs)} ms vs full ${ms(full.medianMs)} ms; stages ${JSON.stringify(incremental.runs[0]?.stages)}`],
      ['small set', `${kbSmall.stats().chunks} chunks, ${small.synth.files} files${small.build ? `; built in ${ms(small.build.ms)} ms` : ' (reused)'}`],
      ['large set', `${kbLarge.stats().chunks} chunks, ${large.synth.files} files, ${kbLarge.store.segments.length} segments${large.build ? `; built in ${ms(large.build.ms)} ms (${ms(large.build.chunks / (large.build.ms / 1000))}/s), stages ${JSON.stringify(large.build.stages)}` : ' (reused)'}${large.updates ? `; then ${large.updates.runs} incremental updates (median ${ms(large.updates.medianMs)} ms)` : ''}`],
      ['cold start', `expander ${ms(cold.expander_ms)} + open ${ms(cold.open_ms)} + first query ${ms(cold.first_query_ms)} ms; heap ${ms(cold.heap_mb)} MB; first English query ${ms(cold.first_english_ms)} ms, RSS after it ${ms(cold.rss_after_english_mb)} MB`],
      ['queries', `p50/p95/p99 per run, small: ${qSmall.perRun.map((r) => `${r.p50.toFixed(1)}/${r.p95.toFixed(1)}/${r.p99.toFixed(1)}`).join('; ')}; large: ${qLarge.perRun.map((r) => `${r.p50.toFixed(1)}/${r.p95.toFixed(1)}/${r.p99.toFixed(1)}`).join('; ')}`],
      ['/ask', `${ask.asks} asks over the small index (extractive), ${ask.grounded} grounded; p50 ${ask.p50.toFixed(1)} p95 ${ask.p95.toFixed(1)} p99 ${ask.p99.toFixed(1)} ms`],
      ['refresh', refreshDetail(refresh)],
      ['bench', `${o.quick ? 'quick, ' : ''}${o.runs} runs, ${queries.length} queries; total ${Math.round((performance.now() - started) / 1000)} s`],
    ]);
    const missed = missedTargets(figures);
    const text = [figuresTable(figures), '', details, '', ...notes, missed.length ? `targets missed: ${missed.join(', ')}` : 'all targets met',
      ...(tuning ? ['', 'HNSW sweep (recall@k vs exact cosine top-k; latency = hnswlib searchKnn only):', tuning] : [])].join('\n');
    return { figures, text };
  } finally {
    if (!o.work) await rm(workDir, { recursive: true, force: true });
  }
}

/** A fresh clone has no shared corpus: generate the base corpus from the seeds (seeded, so runs compare). */
async function withBaseCorpus(o: BenchOptions, workDir: string, config: Config, log: (line: string) => void): Promise<BenchOptions> {
  if (!o.generateBase) return o;
  const outDir = join(workDir, 'corpus-base');
  const synth = await synthesizeCorpus({
    sourceDir: o.corpus, outDir, targetChunks: o.generateBase, seed: o.seed,
    chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES,
  });
  log(`[bench] ../shared/bench/scale/corpus not found: generated a base corpus from ${o.corpus} (${synth.files} files, ~${synth.chunks} chunks)`);
  return { ...o, corpus: outDir, generateBase: undefined };
}

async function refreshStep(workDir: string, o: BenchOptions, log: (line: string) => void): Promise<RefreshBenchResult> {
  log(`[bench] refresh: ${REFRESH_NEW_ITEMS} new feed items into ${REFRESH_BASE_ARTICLES} articles, fetch + incremental index (1 warm-up + ${o.runs})`);
  return benchRefresh(workDir, o.runs, o.seed, log);
}

function refreshDetail(r: RefreshBenchResult): string {
  return `${REFRESH_NEW_ITEMS} items into ${r.baseArticles} articles; runs ${r.runs.map((x) => `${Math.round(x.ms)} (fetch ${x.fetchMs} + index ${x.indexMs})`).join(', ')} ms`;
}

/** `--only refresh`: the refresh figure alone, on a corpus made from seeds/ (no --corpus needed). */
async function runRefreshOnly(o: BenchOptions, log: (line: string) => void): Promise<{ figures: Partial<BenchFigures>; text: string }> {
  const workDir = o.work ?? (await mkdtemp(join(tmpdir(), 'qa-bench-')));
  try {
    const refresh = await refreshStep(workDir, o, log);
    const figures = roundFigures({ refresh_ms: refresh.medianMs });
    const missed = missedTargets(figures);
    const text = [figuresTable(figures), '', table(['what', 'detail'], [['refresh', refreshDetail(refresh)]]), '',
      missed.length ? `targets missed: ${missed.join(', ')}` : 'all targets met'].join('\n');
    return { figures, text };
  } finally {
    if (!o.work) await rm(workDir, { recursive: true, force: true });
  }
}
