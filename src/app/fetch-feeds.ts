/** A feed fetch with the configured feeds, folder and limits: shared by fetch-feeds, refresh and the bot's refresh. */
import type { Config } from '../config.js';
import { fetchFeeds, type FeedReport, type FetchSummary } from '../corpus/feeds/fetch-feeds.js';

export interface FetchOptions {
  feeds?: string[];
  out?: string;
  log?: (line: string) => void;
}

/** Fetch with the configured feeds, folder and limits (flags override). */
export function runFetchFeeds(config: Config, o: FetchOptions = {}): Promise<FetchSummary> {
  const feeds = o.feeds?.length ? o.feeds : config.FEED_URLS;
  const outDir = o.out ?? config.CORPUS_DIR[0];
  if (!outDir) throw new Error('no output folder: pass --out DIR or set CORPUS_DIR');
  if (feeds.length === 0) throw new Error('no feeds: pass --feed URL or set FEED_URLS');
  return fetchFeeds({
    feeds, outDir,
    concurrency: config.FEED_CONCURRENCY, timeoutMs: config.FEED_TIMEOUT_MS, retries: config.FEED_RETRIES,
    maxBytes: config.FEED_MAX_BYTES, userAgent: config.FEED_USER_AGENT,
    onFeed: o.log ? (r) => o.log!(feedLine(r)) : undefined,
  });
}

export function feedLine(r: FeedReport): string {
  if (r.status === 'failed') return `${r.feed} → ${r.reasons.join('; ')}`;
  if (r.status === 'not-modified') return `${r.feed}: not modified`;
  const left = r.reasons.map((reason) => `\n${r.feed} → ${reason}`).join('');
  return `${r.feed}: ${r.items} items (new=${r.new} updated=${r.updated} unchanged=${r.unchanged})${left}`;
}
