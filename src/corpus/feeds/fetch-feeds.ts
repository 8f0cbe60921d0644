/**
 * Fetch every feed (a few at a time), then write their items as corpus files in
 * feed order. A feed that fails is reported and skipped: it never stops the others,
 * and nothing of it is written. One run at a time per output folder (a lock file).
 */
import { mkdir } from 'node:fs/promises';
import { acquireLock } from '../../util/lock.js';
import { FeedError, getFeed, type HttpOptions, type Validators } from './http.js';
import { parseFeedXml, type FeedItem } from './parse-feed.js';
import { readState, removeStaleTemps, writeItem, writeState, type FeedState, type WriteOutcome } from './store.js';

export interface FetchFeedsOptions extends HttpOptions {
  feeds: string[];
  outDir: string;
  /** Feeds fetched at once. */
  concurrency: number;
  now?: () => number;
  /** Called once per feed, in feed order, when its items are written (or it failed). */
  onFeed?: (report: FeedReport) => void;
}

export interface FeedReport {
  feed: string;
  status: 'ok' | 'not-modified' | 'failed';
  /** Why the feed failed, or items it left out. */
  reasons: string[];
  items: number;
  new: number;
  updated: number;
  unchanged: number;
}

export interface FetchSummary {
  /** Feeds read (including those answering 304 Not Modified). */
  feeds: number;
  /** Distinct items seen in them. */
  items: number;
  new: number;
  updated: number;
  unchanged: number;
  failed: { feed: string; reason: string }[];
  ms: number;
}

type Fetched = { kind: 'not-modified' } | { kind: 'ok'; items: FeedItem[]; problems: string[]; validators: Validators } | { kind: 'failed'; reason: string };

const LOCK_FILE = '.feeds.lock';

export async function fetchFeeds(o: FetchFeedsOptions): Promise<FetchSummary> {
  const started = performance.now();
  const now = o.now ?? Date.now;
  await mkdir(o.outDir, { recursive: true });
  const release = await acquireLock(o.outDir, LOCK_FILE, 'feed fetch');
  try {
    await removeStaleTemps(o.outDir);
    const state = await readState(o.outDir);
    const feeds = [...new Set(o.feeds)];
    const fetched = await mapLimit(feeds, o.concurrency, (feed) => fetchOne(feed, state.feeds[feed] ?? {}, o));
    const summary: FetchSummary = { feeds: 0, items: 0, new: 0, updated: 0, unchanged: 0, failed: [], ms: 0 };
    const written = new Set<string>();
    for (const [i, feed] of feeds.entries()) {
      const report = await storeFeed(feed, fetched[i]!, o.outDir, written, now(), state);
      if (report.status !== 'failed') summary.feeds++;
      summary.items += report.items;
      summary.new += report.new;
      summary.updated += report.updated;
      summary.unchanged += report.unchanged;
      for (const reason of report.reasons) summary.failed.push({ feed, reason });
      o.onFeed?.(report);
    }
    summary.ms = Math.round(performance.now() - started);
    state.lastRun = { at: new Date(now()).toISOString(), feeds: summary.feeds, new: summary.new, updated: summary.updated, failed: summary.failed.length };
    await writeState(o.outDir, state);
    return summary;
  } finally {
    await release();
  }
}

async function fetchOne(feed: string, validators: Validators, o: HttpOptions): Promise<Fetched> {
  try {
    if (!/^https?:\/\/[^\s/]+/i.test(feed)) throw new FeedError('bad feed URL: expected http(s)://host/...');
    const res = await getFeed(feed, validators, o);
    if (res.kind === 'not-modified') return res;
    const { items, problems } = parseFeedXml(res.text, feed);
    return { kind: 'ok', items: latestPerUrl(items), problems, validators: res.validators };
  } catch (err) {
    return { kind: 'failed', reason: err instanceof FeedError ? err.reason : `unexpected: ${(err as Error).message}` };
  }
}

/** Write one feed's items; `written` holds URLs already written this run by earlier feeds. */
async function storeFeed(feed: string, f: Fetched, dir: string, written: Set<string>, now: number, state: FeedState): Promise<FeedReport> {
  const report: FeedReport = { feed, status: 'failed', reasons: [], items: 0, new: 0, updated: 0, unchanged: 0 };
  if (f.kind === 'failed') return { ...report, reasons: [f.reason] };
  if (f.kind === 'not-modified') return { ...report, status: 'not-modified' };
  const counts: Record<WriteOutcome, number> = { new: 0, updated: 0, unchanged: 0 };
  try {
    for (const item of f.items) {
      if (written.has(item.url)) continue;
      written.add(item.url);
      counts[await writeItem(dir, item, now)]++;
      report.items++;
    }
  } catch (err) {
    // The validators are not kept, so the next run fetches this feed in full again.
    return { ...report, ...counts, reasons: [`write failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  state.feeds[feed] = f.validators;
  return { ...report, ...counts, status: 'ok', reasons: f.problems };
}

/** One item per URL: the most recently published (the first of equals). */
function latestPerUrl(items: FeedItem[]): FeedItem[] {
  const byUrl = new Map<string, FeedItem>();
  for (const item of items) {
    const seen = byUrl.get(item.url);
    if (!seen || (item.publishedMs ?? 0) > (seen.publishedMs ?? 0)) byUrl.set(item.url, item);
  }
  return [...byUrl.values()];
}

async function mapLimit<T, R>(inputs: T[], limit: number, fn: (input: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      out[i] = await fn(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return out;
}
