import { readCorpus } from '../../src/corpus/read.js';
import { loadExpander } from '../../src/app/expander.js';
import { parseConfig } from '../../src/config.js';
import { openKnowledgeBase, type ServedSnapshot } from '../../src/retrieve/knowledge-base.js';
import { PgIndexStore } from '../../src/store/pg/pg-store.js';
import { benchQueries } from '../../bench/query-bench.js';
import { makeQueries } from '../../bench/queries.js';
import { synthesizeCorpus } from '../../bench/synth.js';
import { timedBuild } from '../../bench/index-bench.js';
const [name, target] = [process.argv[2]!, Number(process.argv[3])];
const config = parseConfig({ LOG_LEVEL: 'silent' });
const s = new PgIndexStore({ url: 'postgres://zhnews:zhnews@127.0.0.1:5432/zhnews', schema: `probe_${name}` });
try {
  const dir = `/tmp/probe-corpus-${name}`;
  await synthesizeCorpus({ sourceDir: '/work/shared/bench/scale/corpus', outDir: dir, targetChunks: target, seed: 42, chunkSize: 300, chunkOverlap: 60, maxFileBytes: 2_000_000 });
  if (!(await s.currentVersion())) {
    const b = await timedBuild([dir], `/tmp/probe-lock-${name}`, config, true, s);
    console.log(name, 'built', b.chunks, Math.round(b.ms), JSON.stringify(b.stages));
  }
  const { articles } = await readCorpus(['/work/shared/bench/scale/corpus'], { maxBytes: 2_000_000 });
  const queries = makeQueries(articles, { count: 500, seed: 42 });
  const expand = await loadExpander();
  const rss0 = process.memoryUsage().rss;
  const t = performance.now();
  const kb = await openKnowledgeBase<ServedSnapshot>('/tmp', { expand, store: s });
  console.log(name, 'open ms', Math.round(performance.now() - t), 'rss +MB', Math.round((process.memoryUsage().rss - rss0) / 2 ** 20), 'chunks', kb.stats().chunks);
  const q = await benchQueries(kb, queries, 2, 5);
  console.log(name, 'p50/p95/p99', q.p50.toFixed(2), q.p95.toFixed(2), q.p99.toFixed(2), JSON.stringify(q.perRun.map((r) => [r.p50.toFixed(1), r.p95.toFixed(1)])));
} catch (err) {
  console.error('FAILED', err);
} finally {
  await s.close();
}
