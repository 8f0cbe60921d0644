/**
 * `npm run bench` with DATABASE_URL: the same figures for the PostgreSQL store, on
 * the same corpora, through the same buildIndex and kb.search: full-build
 * throughput, incremental ratio after one edited file, query latency at ~10k and
 * ~100k chunks, opening a snapshot, and the database's size (HNSW index per chunk,
 * to estimate memory per million chunks). Each index goes into its own schema
 * (bench_*), dropped at the end unless --work keeps the run's files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../src/config.js';
import { readCorpus } from '../src/corpus/read.js';
import { loadExpander } from '../src/app/expander.js';
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
    lines.push(`full build: ${full.chunks} chunks, median ${Math.round(full.medianMs)} ms (${Math.round(full.chunksPerS)} chunks/s); stages ${JSON.stringify(full.runs[0]?.stages)}`);
    lines.push(`incremental: median ${Math.round(incremental.medianMs)} ms (ratio ${incremental.ratio.toFixed(3)}); stages ${JSON.stringify(incremental.runs[0]?.stages)}`);

    const { articles } = await readCorpus([o.corpus], { maxBytes: config.MAX_FILE_BYTES });
    const queries = makeQueries(articles, { count: o.queries, seed: o.seed });
    const expand = await loadExpander();
    const figures: Record<string, number> = { index_chunks_per_s: round(full.chunksPerS, 0), incremental_ratio: round(incremental.ratio, 3) };
    for (const [name, target] of [['10k', o.smallChunks], ['100k', o.largeChunks]] as const) {
      const corpusDir = join(workDir, `corpus-${name}`);
      const synth = await synthesizeCorpus({ sourceDir: o.corpus, outDir: corpusDir, targetChunks: target, seed: o.seed, chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES });
      const s = store(name);
      const build = await timedBuild([corpusDir], join(workDir, `lock-${name}`), config, true, s);
      log(`  ${name}: ${build.chunks} chunks (${synth.files} files) in ${Math.round(build.ms)} ms (${Math.round(build.chunks / (build.ms / 1000))}/s) ${JSON.stringify(build.stages)}`);
      const rssBefore = process.memoryUsage().rss;
      const t = performance.now();
      const kb = await openKnowledgeBase<ServedSnapshot>(workDir, { expand, store: s });
      const openMs = performance.now() - t;
      const q = await benchQueries(kb, queries, o.runs, config.RETRIEVAL_K);
      const size = await sizes(url, s.schema);
      figures[`query_p50_ms_${name}`] = round(q.p50);
      figures[`query_p95_ms_${name}`] = round(q.p95);
      figures[`query_p99_ms_${name}`] = round(q.p99);
      figures[`open_ms_${name}`] = Math.round(openMs);
      figures[`hnsw_mb_${name}`] = round(size.hnsw / 2 ** 20, 1);
      lines.push(`${name}: ${build.chunks} chunks built at ${Math.round(build.chunks / (build.ms / 1000))}/s; open ${Math.round(openMs)} ms (+${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)} MB RSS); ` +
        `query p50/p95/p99 ${q.p50.toFixed(1)}/${q.p95.toFixed(1)}/${q.p99.toFixed(1)} ms; HNSW index ${(size.hnsw / 2 ** 20).toFixed(1)} MB ` +
        `(${Math.round(size.hnsw / build.chunks)} B/chunk → ${(size.hnsw / build.chunks * 1e6 / 2 ** 30).toFixed(2)} GiB per million), chunk table ${(size.table / 2 ** 20).toFixed(0)} MB, schema ${(size.total / 2 ** 20).toFixed(0)} MB`);
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
