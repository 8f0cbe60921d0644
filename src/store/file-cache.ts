/**
 * The file stamps an index run stores with its commit: the stamp (size, mtime, ctime)
 * and parse outcome of every corpus file, so the next incremental run parses only
 * files whose stamp changed. Valid only for the same parser version and size limit.
 */
import { resolve } from 'node:path';
import { PARSER_VERSION } from '../corpus/parse.js';
import type { FileOutcome, FileRecord, FileStamp } from '../corpus/read.js';
import type { Article } from '../types.js';
import { carriedArticle, type ArticleKey } from './carried-articles.js';
import type { StoredArticle } from './index-store.js';

/**
 * One file's stamp, then why it was skipped, or (reason null) the id of the article
 * parsed from it; its URL and date are in the index's article table.
 */
export type StampRow = [size: number, mtimeMs: number, ctimeMs: number, reason: string | null, id?: string];

export interface FileCache {
  parser: number;
  maxBytes: number;
  /** By absolute path: a keyed table, so a store can write only the rows that changed (local/table-delta.ts). */
  files: Record<string, StampRow>;
}

/** `indexed`: the articles that made it into the index (duplicate-URL losers did not, and are not reusable). */
export function fileCache(records: FileRecord[], indexed: Set<Article>, maxBytes: number): FileCache {
  const files: Record<string, StampRow> = {};
  for (const { file, stamp: { size, mtimeMs, ctimeMs }, outcome } of records) {
    if ('reason' in outcome) files[file] = [size, mtimeMs, ctimeMs, outcome.reason];
    else if (indexed.has(outcome.article)) files[file] = [size, mtimeMs, ctimeMs, null, outcome.article.id];
  }
  return { parser: PARSER_VERSION, maxBytes, files };
}

/**
 * A `reuse` function for readCorpus over the stamps a previous run stored:
 * unchanged files come back as carried-over articles (carried-articles.ts) whose
 * text `read` loads on demand. Missing or incompatible stamps reuse nothing.
 */
export function fileReuse(
  cache: unknown, maxBytes: number, indexed: ReadonlyMap<string, ArticleKey>, read: (id: string) => StoredArticle | undefined,
): (file: string, stamp: FileStamp, absolute?: string) => FileOutcome | undefined {
  const json = cache as Partial<FileCache> | undefined;
  const files = json?.files;
  if (!json || json.parser !== PARSER_VERSION || json.maxBytes !== maxBytes || typeof files !== 'object' || files === null || Array.isArray(files)) return () => undefined;
  return (file, stamp, absolute = resolve(file)) => {
    const row = Object.hasOwn(files, absolute) ? files[absolute] : undefined;
    if (!row || row[0] !== stamp.size || row[1] !== stamp.mtimeMs || row[2] !== stamp.ctimeMs) return undefined;
    const [, , , reason, id] = row;
    if (reason !== null) return { reason };
    const key = id === undefined ? undefined : indexed.get(id);
    return key ? { article: carriedArticle(read, key, file) } : undefined;
  };
}
