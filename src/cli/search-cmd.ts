/** `npm run search -- "query" [--k 5] [--source DW] [--from 2023-01-01] [--to ...] [--json]` */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openOrBuild } from './runtime.js';

export async function searchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { k: { type: 'string' }, source: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  });
  const query = positionals.join(' ').trim();
  if (!query) {
    process.stderr.write('usage: npm run search -- "query" [--k 5] [--source NAME] [--from DATE] [--to DATE] [--json]\n');
    return 2;
  }
  const config = loadConfig();
  const kb = await openOrBuild(config, (l) => process.stderr.write(`${l}\n`));
  const hits = await kb.search(query, { k: values.k ? Number(values.k) : config.RETRIEVAL_K, source: values.source, from: values.from, to: values.to });
  const rows = hits.map((h) => ({
    url: h.article.url, title: h.article.title, source: h.article.source, publishedAt: h.article.publishedAt,
    score: Number(h.score.toFixed(5)), relevance: Number(h.relevance.toFixed(3)), passage: h.passages[0]?.text ?? '',
    // Other outlets' reports of the same event (retrieve/stories.ts).
    ...(h.story ? { story: h.story, related: (h.related ?? []).map((a) => ({ url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt })) } : {}),
  }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) process.stdout.write('no matching articles\n');
  rows.forEach((r, i) => {
    const story = r.related?.length ? `   same story: ${r.related.map((a) => `${a.source} · ${a.publishedAt.slice(0, 10)} ${a.url}`).join('; ')}\n` : '';
    process.stdout.write(`${i + 1}. ${r.title}\n   ${r.source} · ${r.publishedAt.slice(0, 10)} · score ${r.score} · relevance ${r.relevance}\n   ${r.url}\n${story}   ${r.passage.slice(0, 160)}\n\n`);
  });
  return 0;
}
