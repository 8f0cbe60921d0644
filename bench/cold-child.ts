/**
 * Child process for the cold-start figure: a fresh process opens the index the way
 * the bot does, answers one query, and reports timings and RSS as one JSON line.
 * argv: <indexDir> <chinese query> <english query>
 */
import { loadExpander } from '../src/app/expander.js';
import { openKnowledgeBase } from '../src/retrieve/knowledge-base.js';

export interface ColdStartSample {
  expander_ms: number;
  open_ms: number;
  first_query_ms: number;
  cold_start_ms: number;
  rss_mb: number;
  heap_mb: number;
  /** First English query (loads the cross-lingual dictionary lazily) and RSS after it. */
  first_english_ms: number;
  rss_after_english_mb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  const [indexDir, zh, en] = process.argv.slice(2);
  if (!indexDir || !zh || !en) throw new Error('usage: cold-child <indexDir> <zh query> <en query>');
  const t0 = performance.now();
  const expand = await loadExpander();
  const t1 = performance.now();
  const kb = await openKnowledgeBase(indexDir, { expand });
  const t2 = performance.now();
  await kb.search(zh, { k: 5 });
  const t3 = performance.now();
  const mem = process.memoryUsage();
  await kb.search(en, { k: 5 });
  const t4 = performance.now();
  const sample: ColdStartSample = {
    expander_ms: t1 - t0, open_ms: t2 - t1, first_query_ms: t3 - t2, cold_start_ms: t3 - t0,
    rss_mb: mb(mem.rss), heap_mb: mb(mem.heapUsed), first_english_ms: t4 - t3, rss_after_english_mb: mb(process.memoryUsage().rss),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
