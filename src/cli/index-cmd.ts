/** `npm run index [-- --corpus DIR ...] [--full] [--json] [--list]` */
import { loadConfig } from '../config.js';
import { NothingToIndexError } from '../ingest/build.js';
import { readCurrentVersion } from '../store/layout.js';
import { openKnowledgeBase, type ServedSnapshot } from '../retrieve/knowledge-base.js';
import { postgresStore } from '../app/store.js';
import type { PgIndexStore } from '../store/pg/pg-store.js';
import { parseCommandArgs } from './args.js';
import { CliError, runCli } from './errors.js';
import { runIndex } from '../app/open-index.js';

const USAGE = 'usage: npm run index -- [--corpus DIR ...] [--full] [--json]   |   npm run index -- --list [--json]';
const OPTIONS = { corpus: { type: 'string', multiple: true }, full: { type: 'boolean' }, json: { type: 'boolean' }, list: { type: 'boolean' } } as const;

export function indexCommand(argv: string[]): Promise<number> {
  return runCli('index', () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS, USAGE);
  const config = loadConfig();
  if (values.list) return listIndex(config.INDEX_DIR, !!values.json, postgresStore(config));
  const json = !!values.json;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  let summary;
  try {
    summary = await runIndex(config, { corpusDirs: values.corpus, full: values.full, quiet: json, log: json ? undefined : say });
  } catch (err) {
    // Why each file was skipped is what a user adding articles needs: in --json too.
    if (err instanceof NothingToIndexError && json) process.stdout.write(`${JSON.stringify({ error: err.message, skipped: err.skipped })}\n`);
    else if (err instanceof NothingToIndexError) for (const s of err.skipped) say(`skipped ${s.file}: ${s.reason}`);
    throw err;
  }
  for (const s of summary.skipped) say(`skipped ${s.file}: ${s.reason}`);
  const { version: _v, ...report } = summary;
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    say(`articles=${summary.articles} chunks=${summary.chunks} added=${summary.added} changed=${summary.changed} ` +
      `removed=${summary.removed} unchanged=${summary.unchanged} skipped=${summary.skipped.length} in ${summary.ms} ms`);
  }
  return 0;
}

/** What the served index holds: totals, outlets, then one line per article (newest first). */
async function listIndex(indexDir: string, json: boolean, store?: PgIndexStore): Promise<number> {
  const where = store?.where ?? indexDir;
  if (!(await (store ? store.currentVersion() : readCurrentVersion(indexDir)))) throw new CliError(`no index in ${where} yet`, 'build one with `npm run index`');
  const kb = await openKnowledgeBase<ServedSnapshot>(indexDir, { store });
  const stats = kb.stats();
  const articles = kb.findTitles('', Number.POSITIVE_INFINITY).sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...stats, list: articles.map(({ id, title, source, publishedAt, url }) => ({ id, title, source, publishedAt, url })) })}\n`);
    return 0;
  }
  const outlets = Object.entries(stats.sources).map(([s, n]) => `${s} ${n}`).join(', ');
  process.stdout.write(`${stats.articles} articles, ${stats.chunks} chunks, ${stats.from?.slice(0, 10) ?? '?'} – ${stats.to?.slice(0, 10) ?? '?'}; ` +
    `built ${stats.builtAt.slice(0, 16).replace('T', ' ')} UTC with ${stats.embedder.kind}:${stats.embedder.model}\noutlets: ${outlets}\n\n`);
  for (const a of articles) process.stdout.write(`${a.publishedAt.slice(0, 10)}  ${a.source}  ${a.title}\n            ${a.url}\n`);
  return 0;
}
