/** `npm run fetch-feeds [-- --feed URL ...] [--out DIR] [--json]` */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import type { FetchSummary } from '../corpus/feeds/fetch-feeds.js';
import { runFetchFeeds } from '../app/fetch-feeds.js';

export function summaryLine(s: FetchSummary): string {
  return `feeds=${s.feeds} items=${s.items} new=${s.new} updated=${s.updated} unchanged=${s.unchanged} failed=${s.failed.length} in ${s.ms} ms`;
}

/** `--feed URL ...`, `--out DIR`, `--json`: shared by fetch-feeds and refresh. */
export function parseFeedArgs(argv: string[]): { feed?: string[]; out?: string; json?: boolean } {
  return parseArgs({
    args: argv,
    options: { feed: { type: 'string', multiple: true }, out: { type: 'string' }, json: { type: 'boolean' } },
  }).values;
}

export async function fetchFeedsCommand(argv: string[]): Promise<number> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const values = parseFeedArgs(argv);
    const config = loadConfig();
    const summary = await runFetchFeeds(config, { feeds: values.feed, out: values.out, log: values.json ? undefined : say });
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else say(summaryLine(summary));
    return summary.feeds > 0 ? 0 : 1;
  } catch (err) {
    say(`fetch-feeds failed: ${(err as Error).message}`);
    return 1;
  }
}
