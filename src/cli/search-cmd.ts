/** `npm run search -- "query" [--k 5] [--source DW] [--from 2023-01-01] [--to ...] [--json]` */
import { loadConfig } from '../config.js';
import type { KnowledgeBase } from '../types.js';
import { dateRange, parseCommandArgs, positiveInt, questionText } from './args.js';
import { UsageError, runCli } from './errors.js';
import { openOrBuild } from '../app/open-index.js';

const USAGE = 'usage: npm run search -- "query" [--k 5] [--source NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]';
const OPTIONS = { k: { type: 'string' }, source: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } } as const;

/** An outlet filter that matches nothing is a typo, not "no results": name the outlets. */
function checkSource(kb: KnowledgeBase, source: string | undefined, hits: number): void {
  if (!source || hits > 0) return;
  const outlets = Object.keys(kb.stats().sources);
  if (outlets.some((o) => o.toLowerCase().includes(source.toLowerCase()))) return;
  throw new UsageError(`--source "${source}" matches no outlet in the index; known outlets: ${outlets.join(', ')} (a part of the name or of the site's host works too)`);
}

export function searchCommand(argv: string[]): Promise<number> {
  return runCli('search', () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, USAGE, true);
  const k = positiveInt('k', values.k);
  const range = dateRange(values.from, values.to);
  const config = loadConfig();
  const query = questionText(positionals, config.MAX_QUESTION_CHARS, USAGE);
  const kb = await openOrBuild(config, (l) => process.stderr.write(`${l}\n`));
  const hits = await kb.search(query, { k: k ?? config.RETRIEVAL_K, source: values.source, ...range });
  checkSource(kb, values.source, hits.length);
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
  if (rows.length > 0) {
    process.stdout.write(`score orders the list (keyword and vector ranks fused); relevance (0–1) is how well the article matches the query: answers use articles at or above MIN_RELEVANCE=${config.MIN_RELEVANCE}.\n`);
  }
  return 0;
}
