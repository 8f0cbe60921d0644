/**
 * A refresh: fetch the feeds, then an incremental index when the corpus has
 * anything the served index has not seen. Shared by `npm run refresh` and the
 * bot's scheduled refresh (which runs it in a child process).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { FetchSummary } from '../corpus/feeds/fetch-feeds.js';
import type { BuildSummary } from '../ingest/build.js';
import { runFetchFeeds, type FetchOptions } from './fetch-feeds.js';
import { runIndex } from './open-index.js';

export interface RefreshResult {
  fetch: FetchSummary;
  /** Undefined when the index was already current (nothing came in since it was built). */
  index?: Omit<BuildSummary, 'version'>;
}

export async function runRefresh(config: Config, o: FetchOptions & { quiet?: boolean } = {}): Promise<RefreshResult> {
  const fetch = await runFetchFeeds(config, o);
  const dirs = [...new Set([...config.CORPUS_DIR, ...(o.out ? [o.out] : [])])];
  if (!(await corpusNewerThanIndex(dirs, config.INDEX_DIR))) {
    o.log?.('index is current: nothing to re-index');
    return { fetch };
  }
  const { version: _v, ...index } = await runIndex(config, { corpusDirs: dirs, quiet: o.quiet, log: o.log });
  return { fetch, index };
}

/**
 * Whether any corpus file was written after the served index was published. Skipping
 * an index run when nothing came in spares the bot a pointless reload every N minutes;
 * comparing stamps (not this run's counts) also catches items an earlier failed index run left out.
 */
async function corpusNewerThanIndex(dirs: string[], indexDir: string): Promise<boolean> {
  const published = await stat(join(indexDir, 'CURRENT')).then((s) => s.mtimeMs, () => undefined);
  if (published === undefined) return true;
  for (const dir of dirs) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.toLowerCase().endsWith('.txt'));
    const stamps = await Promise.all(names.map((n) => stat(join(dir, n)).then((s) => Math.max(s.mtimeMs, s.ctimeMs), () => 0)));
    if (stamps.some((t) => t >= published)) return true;
  }
  return false;
}
