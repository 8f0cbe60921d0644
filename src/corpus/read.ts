/**
 * Read corpus directories into Articles. A bad file never aborts the run: it is
 * reported in `skipped`. Duplicate URLs are resolved deterministically.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../types.js';
import { ArticleError, parseArticle } from './parse.js';

export interface ReadOptions {
  /** Files larger than this are skipped unread. */
  maxBytes: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * The outcome of an earlier read of this file, if it is still valid for this
   * stamp (incremental re-indexing skips parsing unchanged files). Articles it
   * returns must carry `file` as given.
   */
  reuse?: Reuse | Promise<Reuse | undefined>;
}

/** `file` as given (the path returned articles carry), `absolute` resolved. */
export type Reuse = (file: string, stamp: FileStamp, absolute: string) => FileOutcome | undefined;

/** What identifies a file version without reading it (size, and times any write updates). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** The parse result of one file, before duplicate URLs are resolved. */
export type FileOutcome = { article: Article } | { reason: string };

export interface FileRecord {
  /** Absolute path. */
  file: string;
  stamp: FileStamp;
  outcome: FileOutcome;
  /** The outcome came from `reuse` (the file was not read). */
  reused: boolean;
}

export interface Skipped {
  file: string;
  reason: string;
}

export interface Duplicate {
  url: string;
  kept: string;
  dropped: string[];
}

export interface CorpusReadResult {
  articles: Article[];
  skipped: Skipped[];
  duplicates: Duplicate[];
  /** Every regular file listed, with its stamp and parse outcome. */
  files: FileRecord[];
}

/** Files read between yields to the event loop (progress display, and reads of a previous index in flight). */
const YIELD_EVERY = 256;

type Outcome = FileOutcome & { stamp?: FileStamp; reused?: boolean };

export async function readCorpus(dirs: string[], opts: ReadOptions): Promise<CorpusReadResult> {
  const files = await listFiles(dirs);
  // Stat first: an incremental run's previous version (behind opts.reuse) is read meanwhile.
  // Only the stamps are kept: thousands of Stats objects alive at once made the young-generation GC a large share of an incremental run.
  const stamps = files.map(({ file }) => stampOf(file));
  const reuse = await opts.reuse;
  const outcomes = new Array<Outcome>(files.length);
  for (let i = 0; i < files.length; i++) {
    outcomes[i] = readOne(files[i]!, stamps[i]!, opts.maxBytes, reuse);
    opts.onProgress?.(i + 1, files.length);
    if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return assemble(files, outcomes);
}

/** A corpus file: its path as given (joined) and resolved (absolute). */
interface Listed {
  file: string;
  absolute: string;
}

/** `*.txt` directly in each dir, names sorted, each file once. */
async function listFiles(dirs: string[]): Promise<Listed[]> {
  const files: Listed[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const names = await listDir(dir);
    const absoluteDir = path.resolve(dir);
    for (const name of names.filter((n) => n.toLowerCase().endsWith('.txt')).sort()) {
      const absolute = path.join(absoluteDir, name);
      if (seen.has(absolute)) continue;
      seen.add(absolute);
      files.push({ file: dir === absoluteDir ? absolute : path.join(dir, name), absolute });
    }
  }
  return files;
}

/** The corpus folder itself is missing or unreadable (not one bad file in it). */
export class CorpusDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusDirError';
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CorpusDirError(`corpus folder not found: ${dir}`);
    if (code === 'ENOTDIR') throw new CorpusDirError(`corpus path is not a folder: ${dir}`);
    throw new CorpusDirError(`cannot read corpus folder ${dir}: ${code ?? String(err)}`);
  }
}

/** A file's stamp, or why it has none. Synchronous: a stat is microseconds (~3x faster than through promises), and an incremental run is mostly stats. */
function stampOf(file: string): FileStamp | { error: string } {
  let info: Stats;
  try {
    info = statSync(file);
  } catch (err) {
    return { error: `unreadable: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs } : { error: 'not a file' };
}

function readOne({ file, absolute }: Listed, info: FileStamp | { error: string }, maxBytes: number, reuse: Reuse | undefined): Outcome {
  if ('error' in info) return { reason: info.error };
  let stamp: FileStamp | undefined = info;
  try {
    const earlier = reuse?.(file, stamp, absolute);
    if (earlier) return 'article' in earlier ? { article: earlier.article, stamp, reused: true } : { reason: earlier.reason, stamp, reused: true };
    if (info.size > maxBytes) return { reason: tooLarge(info.size, maxBytes), stamp };
    // Synchronous too: files are small (size checked above), and promises cost ~4 round trips per file.
    const raw = readFileSync(file);
    // The file may have grown since stat: then its stamp is stale, so it is not recorded.
    if (raw.length !== info.size) stamp = undefined;
    if (raw.length > maxBytes) return { reason: tooLarge(raw.length, maxBytes), stamp };
    return { article: { ...parseArticle(raw, file), file }, stamp };
  } catch (err) {
    if (err instanceof ArticleError) return { reason: err.reason, stamp };
    return { reason: `unreadable: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
}

function tooLarge(size: number, max: number): string {
  return `too large: ${size} bytes > ${max}`;
}


/** Results in listing order; duplicate losers become skips at their own position. */
function assemble(files: Listed[], outcomes: Outcome[]): CorpusReadResult {
  const { duplicates, losers } = resolveDuplicates(outcomes);
  const articles: Article[] = [];
  const skipped: Skipped[] = [];
  const records: FileRecord[] = [];
  outcomes.forEach((outcome, i) => {
    const { file, absolute } = files[i]!;
    // The outcome itself (its stamp and reuse flag ride along unread): a copy per file was measurable.
    if (outcome.stamp) records.push({ file: absolute, stamp: outcome.stamp, outcome, reused: outcome.reused ?? false });
    if (!('article' in outcome)) skipped.push({ file, reason: outcome.reason });
    else if (losers.has(file)) skipped.push({ file, reason: `duplicate URL: kept ${losers.get(file)}` });
    else articles.push(outcome.article);
  });
  return { articles, skipped, duplicates, files: records };
}

/** Per URL, keep the latest publishedAt; ties go to the greatest file path. */
function resolveDuplicates(outcomes: Outcome[]): { duplicates: Duplicate[]; losers: Map<string, string> } {
  // A lone article is stored as itself (an array per URL was thousands of objects for nothing).
  const byUrl = new Map<string, Article | Article[]>();
  for (const outcome of outcomes) {
    if (!('article' in outcome)) continue;
    const group = byUrl.get(outcome.article.url);
    if (Array.isArray(group)) group.push(outcome.article);
    else byUrl.set(outcome.article.url, group ? [group, outcome.article] : outcome.article);
  }
  const duplicates: Duplicate[] = [];
  const losers = new Map<string, string>();
  for (const [url, group] of byUrl) {
    if (!Array.isArray(group)) continue;
    const [winner, ...rest] = [...group].sort(preferred);
    const kept = winner!.file!;
    const dropped = rest.map((a) => a.file!).sort();
    for (const file of dropped) losers.set(file, kept);
    duplicates.push({ url, kept, dropped });
  }
  return { duplicates, losers };
}

/** Sort comparator: preferred article first. */
function preferred(a: Article, b: Article): number {
  const ta = Date.parse(a.publishedAt);
  const tb = Date.parse(b.publishedAt);
  if (ta !== tb) return tb - ta;
  const fa = a.file ?? '';
  const fb = b.file ?? '';
  return fa === fb ? 0 : fa < fb ? 1 : -1;
}
