// Dev bench: query latency with and without the news understanding (news-search.ts) on one index, alternating
// per run so both see the same machine load. The mix is the bench's (bench/queries.ts) plus, with --news,
// news questions (outlets, dates, latest) built from its topics.
// npx tsx scripts/dev/news-latency.ts INDEX_DIR [--runs 5] [--count 400] [--news]
import { parseArgs } from 'node:util';
import { loadExpander } from '../../src/app/expander.js';
import { makeQueries } from '../../bench/queries.js';
import { latency, medianLatency, type Latency } from '../../bench/stats.js';
import { hybridSearch } from '../../src/retrieve/hybrid.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, count: { type: 'string' }, news: { type: 'boolean' } } });
const expand = await loadExpander();
const kb = await openKnowledgeBase(positionals[0]!, { expand, referenceDate: '2024-02-01' });
const articles = kb.findTitles('', 100_000).map((m) => kb.getArticle(m.id)!);
let queries = makeQueries(articles, { count: Number(values.count ?? 400), seed: 11 });
if (values.news) queries = queries.map((q, i) => [`德国之声4月份${q}`, `${q}的最新报道`, `上个月${q}`, q][i % 4]!);
const plain = (q: string) => hybridSearch(kb, q, { k: 5 }, expand);
const news = (q: string) => kb.search(q, { k: 5 });
for (const q of queries.slice(0, 50)) await Promise.all([plain(q), news(q)]);
const runs: Record<'plain' | 'news', Latency[]> = { plain: [], news: [] };
for (let r = 0; r < Number(values.runs ?? 5); r++) {
  // Alternate which goes first: the second of a pair finds the caches the first warmed.
  const pair = [['plain', plain], ['news', news]] as const;
  for (const [name, search] of r % 2 === 0 ? pair : [...pair].reverse()) {
    const samples: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await search(q);
      samples.push(performance.now() - t);
    }
    runs[name].push(latency(samples));
  }
}
const fmt = (l: Latency) => `p50 ${l.p50.toFixed(2)} p95 ${l.p95.toFixed(2)} p99 ${l.p99.toFixed(2)} ms`;
console.log(`${queries.length} queries × ${runs.plain.length} runs${values.news ? ' (news questions)' : ''}`);
console.log(`plain hybrid: ${fmt(medianLatency(runs.plain))}`);
console.log(`kb.search:    ${fmt(medianLatency(runs.news))}`);
