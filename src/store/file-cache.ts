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
 * One file: path, stamp, then why it was skipped, or (reason null) the id of the
 * article parsed from it; its URL and date are in the index's article table. Rows,
 * not an object keyed by path: 3× faster to write. (Older rows also carry URL and date.)
 */
type Row = [file: string, size: number, mtimeMs: number, ctimeMs: number, reason: string | null, id?: string];

export interface FileCache {
  parser: number;
  maxBytes: number;
  files: Row[];
}

/** `indexed`: the articles that made it into the index (duplicate-URL losers did not, and are not reusable). */
export function fileCache(records: FileRecord[], indexed: Set<Article>, maxBytes: number): FileCache {
  const files: Row[] = [];
  for (const { file, stamp: { size, mtimeMs, ctimeMs }, outcome } of records) {
    if ('reason' in outcome) files.push([file, size, mtimeMs, ctimeMs, outcome.reason]);
    else if (indexed.has(outcome.article)) {
      files.push([file, size, mtimeMs, ctimeMs, null, outcome.article.id]);
    }
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
): (file: string, stamp: FileStamp) => FileOutcome | undefined {
  const json = cache as Partial<FileCache> | undefined;
  if (!json || json.parser !== PARSER_VERSION || json.maxBytes !== maxBytes || !Array.isArray(json.files)) return () => undefined;
  const rows = new Map(json.files.map((row) => [row[0], row]));
  return (file, stamp) => {
    const row = rows.get(resolve(file));
    if (!row || row[1] !== stamp.size || row[2] !== stamp.mtimeMs || row[3] !== stamp.ctimeMs) return undefined;
    const [, , , , reason, id] = row;
    if (reason !== null) return { reason };
    const key = id === undefined ? undefined : indexed.get(id);
    return key ? { article: carriedArticle(() => read(key.id), key, file) } : undefined;
  };
}
