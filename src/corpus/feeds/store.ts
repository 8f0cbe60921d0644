/**
 * Feed items as corpus files, and the small state file beside them. A file is
 * named by a hash of the item's URL, so an item is never written twice; it is
 * rewritten only when its text changed (the incremental index trusts file stamps),
 * and always through a temporary file and a rename (a killed run leaves no half article).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatArticleFile } from '../format.js';
import type { FeedItem } from './parse-feed.js';
import type { Validators } from './http.js';

export type WriteOutcome = 'new' | 'updated' | 'unchanged';

export const STATE_FILE = '.feeds-state.json';
const TMP_PREFIX = '.feed-';
const TMP_SUFFIX = '.tmp';

/** Same as the article id the indexer derives from the URL (src/corpus/parse.ts). */
export function fileNameFor(url: string): string {
  return `${createHash('sha1').update(url).digest('hex').slice(0, 16)}.txt`;
}

export async function writeItem(dir: string, item: FeedItem, now: number): Promise<WriteOutcome> {
  const file = join(dir, fileNameFor(item.url));
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  // An undated item keeps the time it was first seen, so it does not "change" on every run.
  const publishedMs = item.publishedMs ?? stampOf(existing) ?? now;
  const text = formatArticleFile({ publishedMs, title: item.title, url: item.url }, item.html);
  if (existing === text) return 'unchanged';
  await writeAtomic(file, text);
  return existing === undefined ? 'new' : 'updated';
}

function stampOf(text: string | undefined): number | undefined {
  const m = text ? /^<!--(\d+)-->/.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}

export async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = join(dirname(file), `${TMP_PREFIX}${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TMP_SUFFIX}`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Temporary files left by a killed run (call under the fetch lock, so none is in use). */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(TMP_PREFIX) && n.endsWith(TMP_SUFFIX)).map((n) => rm(join(dir, n), { force: true })),
  );
}

export interface LastRun {
  /** ISO time the run finished. */
  at: string;
  feeds: number;
  new: number;
  updated: number;
  failed: number;
}

export interface FeedState {
  feeds: Record<string, Validators>;
  lastRun?: LastRun;
}

/** The state file; a missing or unreadable one just means "fetch everything unconditionally". */
export async function readState(dir: string): Promise<FeedState> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as Partial<FeedState>;
    return { feeds: parsed.feeds && typeof parsed.feeds === 'object' ? parsed.feeds : {}, lastRun: parsed.lastRun };
  } catch {
    return { feeds: {} };
  }
}

export async function writeState(dir: string, state: FeedState): Promise<void> {
  await writeAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 1)}\n`);
}
