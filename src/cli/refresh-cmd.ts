/** `npm run refresh [-- --feed URL ...] [--out DIR] [--json]`: fetch-feeds, then an incremental index (for cron). */
import { loadConfig } from '../config.js';
import { parseFeedArgs, summaryLine } from './fetch-feeds-cmd.js';
import { runRefresh } from '../app/refresh.js';

export async function refreshCommand(argv: string[]): Promise<number> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const values = parseFeedArgs(argv);
    const json = !!values.json;
    const result = await runRefresh(loadConfig(), { feeds: values.feed, out: values.out, quiet: json, log: json ? undefined : say });
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      say(summaryLine(result.fetch));
      const i = result.index;
      if (i) say(`articles=${i.articles} added=${i.added} changed=${i.changed} removed=${i.removed} skipped=${i.skipped.length} in ${i.ms} ms`);
    }
    return result.fetch.feeds > 0 ? 0 : 1;
  } catch (err) {
    say(`refresh failed: ${(err as Error).message}`);
    return 1;
  }
}
