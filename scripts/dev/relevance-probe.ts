// Dev probe: top-hit relevance for each question in a JSONL set (calibrating MIN_RELEVANCE).
import { readFileSync } from 'node:fs';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { loadExpander } from '../../src/app/expander.js';

const [indexDir, queries] = process.argv.slice(2);
const kb = await openKnowledgeBase(indexDir!, { expand: await loadExpander() });
for (const line of readFileSync(queries!, 'utf8').split('\n').filter(Boolean)) {
  const q = JSON.parse(line) as { id: string; q: string; gold: string[] };
  const hits = await kb.search(q.q, { k: 5 });
  const rank = hits.findIndex((h) => q.gold.includes(h.article.url));
  console.log(q.id, q.gold.length ? 'ans' : 'UNANS', 'rank', rank, 'top-rel', hits[0]?.relevance.toFixed(3), 'gold-rel', rank >= 0 ? hits[rank]!.relevance.toFixed(3) : '-', q.q.slice(0, 30));
}
