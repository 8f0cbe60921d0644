/**
 * `npm run bench` with DATABASE_URL: the same figures for the PostgreSQL store, on
 * the same corpora, through the same buildIndex and kb.search: full-build
 * throughput, incremental ratio after one edited file, query latency at ~10k and
 * ~100k chunks, opening a snapshot, and the database's size (HNSW index per chunk,
 * to estimate memory per million chunks). Each index goes into its own schema
 * (bench_*), dropped at the end unless --work keeps the run's files.
 */
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig, type Config } from '../src/config.js';
import { readCorpus } from '../src/corpus/read.js';
import { loadExpander } from '../src/app/expander.js';
import type { QueryExpander } from '../src/retrieve/hybrid.js';
import { openKnowledgeBase, type ServedSnapshot } from '../src/retrieve/knowledge-base.js';
import { PgIndexStore } from '../src/store/pg/pg-store.js';
import { connectError } from '../src/store/pg/errors.js';
import { benchFullBuild, benchIncremental, timedBuild } from './index-bench.js';
import type { BenchOptions } from './options.js';
import { benchQueries } from './query-bench.js';
import { makeQueries } from './queries.js';
import { synthesizeCorpus } from './synth.js';
import { round } from './stats.js';

export async function runPgBench(o: BenchOptions, url: string, log: (line: string) => void): Promise<{ figures: Record<string, number>; text: string }> {
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  const workDir = o.work ?? (await mkdtemp(join(tmpdir(), 'qa-pgbench-')));
  const stores: PgIndexStore[] = [];
  const store = (name: string) => {
    const s = new PgIndexStore({ url, schema: `bench_${name}`, poolSize: 4 });
    stores.push(s);
    return s;
  };
  const lines: string[] = [];
  try {
    log(`[bench:pg] full builds of ${o.corpus} into PostgreSQL (1 warm-up + ${o.runs})`);
    const full = await benchFullBuild(o.corpus, workDir, config, o.runs, log, store('full'));
    log('[bench:pg] incremental re-index after one changed file');
    const incremental = await benchIncremental(o.corpus, workDir, config, o.runs, full.medianMs, log, store('incremental'));
    lines.push(`full build: ${full.chunks} chunks, median ${Math.round(full.medianMs)} ms (${Math.round(full.chunksPerS)} chunks/s); stages ${JSON.stringify(full.runs[0]?.stages)} ${loadAverage()}`);
    lines.push(`incremental: median ${Math.round(incremental.medianMs)} ms (ratio ${incremental.ratio.toFixed(3)}); stages ${JSON.stringify(incremental.runs[0]?.stages)} ${loadAverage()}`);

    const { articles } = await readCorpus([o.corpus], { maxBytes: config.MAX_FILE_BYTES });
    const queries = makeQueries(articles, { count: o.queries, seed: o.seed });
    const expand = await loadExpander();
    const figures: Record<string, number> = { index_chunks_per_s: round(full.chunksPerS, 0), incremental_ratio: round(incremental.ratio, 3) };
    for (const [name, target] of [['10k', o.smallChunks], ['100k', o.largeChunks]] as const) {
      const corpusDir = join(workDir, `corpus-${name}`);
      const synth = await synthesizeCorpus({ sourceDir: o.corpus, outDir: corpusDir, targetChunks: target, seed: o.seed, chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES });
      const s = store(name);
      const build = await timedBuild([corpusDir], join(workDir, `lock-${name}`), config, true, s);
      log(`  ${name}: ${build.chunks} chunks (${synth.files} files) in ${Math.round(build.ms)} ms (${Math.round(build.chunks / (build.ms / 1000))}/s) ${JSON.stringify(build.stages)} ${loadAverage()}`);
      lines.push(await benchServing({ name, corpusDir, lockDir: join(workDir, `lock-${name}`), build, store: s, url, queries, runs: o.runs, expand, config, figures, log }));
    }
    return { figures, text: ['PostgreSQL store', ...lines.map((l) => `- ${l}`)].join('\n') };
  } finally {
    for (const s of stores) await s.close();
    if (!o.work) {
      // A failed cleanup is reported, never in place of the failure that got here.
      await dropSchemas(url, stores.map((s) => s.schema)).catch((err: unknown) => log(`[bench:pg] could not drop the bench_* schemas: ${(err as Error).message}`));
      await rm(workDir, { recursive: true, force: true });
    }
  }
}

/** "load a b c": the load averages, to go with every figure (this VM's cores are shared). */
function loadAverage(): string {
  return `load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

interface Serving {
  name: string;
  corpusDir: string;
  lockDir: string;
  build: { chunks: number; ms: number };
  store: PgIndexStore;
  url: string;
  queries: string[];
  runs: number;
  expand: QueryExpander | undefined;
  config: Config;
  figures: Record<string, number>;
  log: (line: string) => void;
}

/**
 * Serving an index of one size: opening it and the first answer, query latency, then
 * the incremental run after one edited file and the reload of its version by the
 * same process (as a bot's hot reload: the unchanged lexical segments are reused).
 */
async function benchServing(b: Serving): Promise<string> {
  const { name, figures } = b;
  let t = performance.now();
  const kb = await openKnowledgeBase<ServedSnapshot>(b.lockDir, { expand: b.expand, store: b.store });
  const openMs = performance.now() - t;
  t = performance.now();
  await kb.search(b.queries[b.queries.length - 1]!, { k: b.config.RETRIEVAL_K });
  const firstMs = performance.now() - t;
  const openLine = `open ${Math.round(openMs)} ms + first answer ${Math.round(firstMs)} ms ${loadAverage()}`;
  b.log(`  ${name}: ${openLine}`);
  const q = await benchQueries(kb, b.queries, b.runs, b.config.RETRIEVAL_K);
  const queryLine = `query p50/p95/p99 ${q.p50.toFixed(1)}/${q.p95.toFixed(1)}/${q.p99.toFixed(1)} ms (p95 per run ${q.perRun.map((r) => r.p95.toFixed(1)).join(', ')}) ${loadAverage()}`;
  b.log(`  ${name}: ${queryLine}`);
  const files = (await readdir(b.corpusDir)).filter((f) => f.endsWith('.txt')).sort();
  await appendFile(join(b.corpusDir, files[0]!), '\n<p>基准测试：重新载入前新增的一句。</p>\n');
  const incremental = await timedBuild([b.corpusDir], b.lockDir, b.config, false, b.store);
  t = performance.now();
  await openKnowledgeBase<ServedSnapshot>(b.lockDir, { expand: b.expand, store: b.store });
  const reloadMs = performance.now() - t;
  const size = await sizes(b.url, b.store.schema);
  Object.assign(figures, {
    [`query_p50_ms_${name}`]: round(q.p50), [`query_p95_ms_${name}`]: round(q.p95), [`query_p99_ms_${name}`]: round(q.p99), [`open_ms_${name}`]: Math.round(openMs),
    [`first_answer_ms_${name}`]: Math.round(firstMs), [`reload_ms_${name}`]: Math.round(reloadMs), [`incremental_ms_${name}`]: Math.round(incremental.ms),
    [`hnsw_mb_${name}`]: round(size.hnsw / 2 ** 20, 1),
  });
  return `${name}: ${b.build.chunks} chunks built at ${Math.round(b.build.chunks / (b.build.ms / 1000))}/s; ${openLine}; ${queryLine}; ` +
    `one edited file: re-indexed in ${Math.round(incremental.ms)} ms, reloaded in ${Math.round(reloadMs)} ms ${loadAverage()}; HNSW index ${(size.hnsw / 2 ** 20).toFixed(1)} MB ` +
    `(${Math.round(size.hnsw / b.build.chunks)} B/chunk → ${(size.hnsw / b.build.chunks * 1e6 / 2 ** 30).toFixed(2)} GiB per million), chunk table ${(size.table / 2 ** 20).toFixed(0)} MB, schema ${(size.total / 2 ** 20).toFixed(0)} MB`;
}

/** A client of its own (the stores' pools are busy or closed); connection problems as DatabaseSetupError. */
async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {}); // a dropped idle connection: the next query fails instead
  await c.connect().catch((err: unknown) => Promise.reject(connectError(err, url)));
  return c;
}

async function sizes(url: string, schema: string): Promise<{ hnsw: number; table: number; total: number }> {
  const c = await client(url);
  try {
    const r = await c.query<{ hnsw: string; tbl: string; total: string }>(
      `SELECT coalesce(sum(pg_relation_size(i.indexrelid)) FILTER (WHERE am.amname = 'hnsw'), 0) AS hnsw,
              coalesce(sum(pg_total_relation_size(i.indrelid)) FILTER (WHERE am.amname = 'hnsw'), 0) AS tbl,
              (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r') AS total
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam JOIN pg_namespace n ON n.oid = ic.relnamespace
       WHERE n.nspname = $1`, [schema],
    );
    const row = r.rows[0]!;
    return { hnsw: Number(row.hnsw), table: Number(row.tbl), total: Number(row.total) };
  } finally {
    await c.end();
  }
}

async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  const c = await client(url);
  try {
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await c.end();
  }
}
