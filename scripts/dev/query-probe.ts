// Dev probe: the bench's query figure on one index (a fresh process, 50 warm-up queries, then one timed pass,
// as `npm run bench -- --runs 1` does), and optionally every hit written out to compare two versions' results.
// npx tsx scripts/dev/query-probe.ts INDEX_DIR [--corpus DIR] [--count 300] [--seed 42] [--passes 1] [--out FILE]
// Compare: node -e on two --out files, or `diff` (scores in full precision).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadExpander } from '../../src/app/expander.js';
import { makeQueries } from '../../bench/queries.js';
import { latency } from '../../bench/stats.js';
import { readCorpus } from '../../src/corpus/read.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import type { SearchHit } from '../../src/types.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { corpus: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, passes: { type: 'string' }, out: { type: 'string' } },
});
const corpus = values.corpus ?? '../shared/bench/scale/corpus';
const { articles } = await readCorpus([corpus], { maxBytes: 1_000_000 });
const queries = makeQueries(articles, { count: Number(values.count ?? 300), seed: Number(values.seed ?? 42) });
const expand = await loadExpander();
const kb = await openKnowledgeBase(positionals[0]!, { expand });
const WARMUP = 50;
for (const q of queries.slice(0, WARMUP)) await kb.search(q, { k: 5 });
const lines: string[] = [];
const fingerprint = (q: string, hits: SearchHit[]) =>
  `${q}\t${hits.map((h) => `${h.article.id}:${h.score}:${h.relevance}:${h.passages.map((p) => `${p.chunkId}@${p.score}`).join(',')}`).join(' ')}`;
for (let pass = 0; pass < Number(values.passes ?? 1); pass++) {
  const samples: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    const hits = await kb.search(q, { k: 5 });
    samples.push(performance.now() - t);
    if (pass === 0 && values.out) lines.push(fingerprint(q, hits));
  }
  const l = latency(samples);
  console.log(`pass ${pass + 1}: ${queries.length} queries, p50 ${l.p50.toFixed(2)} p95 ${l.p95.toFixed(2)} p99 ${l.p99.toFixed(2)} ms`);
}
if (values.out) writeFileSync(values.out, lines.join('\n') + '\n');
if (process.env.SLOWEST) {
  const samples: [number, string][] = [];
  const seen = new Set(queries.slice(0, WARMUP));
  for (const q of queries) {
    const t = performance.now();
    await kb.search(q, { k: 5 });
    samples.push([performance.now() - t, `${seen.has(q) ? 'seen' : 'new '} ${q}`]);
    seen.add(q);
  }
  for (const [ms, q] of samples.sort((a, b) => b[0] - a[0]).slice(0, Number(process.env.SLOWEST))) console.log(ms.toFixed(1).padStart(7), q);
}
