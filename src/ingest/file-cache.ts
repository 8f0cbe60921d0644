/**
 * files.json of an index version: the stamp (size, mtime, ctime) and parse outcome
 * of every corpus file, so the next incremental run parses only files whose stamp
 * changed. Valid only for the same parser version and size limit.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PARSER_VERSION } from '../corpus/parse.js';
import type { FileOutcome, FileRecord, FileStamp } from '../corpus/read.js';
import type { Article } from '../types.js';
import type { StoredArticle } from './store-layout.js';

interface CachedFile extends FileStamp {
  /** The article parsed from it, or why it was skipped. */
  id?: string;
  reason?: string;
}

interface FileCacheJson {
  parser: number;
  maxBytes: number;
  files: Record<string, CachedFile>;
}

/** `indexed`: the articles that made it into the index (duplicate-URL losers did not, and are not reusable). */
export async function writeFileCache(dir: string, records: FileRecord[], indexed: Set<Article>, maxBytes: number): Promise<void> {
  const files: Record<string, CachedFile> = {};
  for (const { file, stamp, outcome } of records) {
    if ('reason' in outcome) files[file] = { ...stamp, reason: outcome.reason };
    else if (indexed.has(outcome.article)) files[file] = { ...stamp, id: outcome.article.id };
  }
  const json: FileCacheJson = { parser: PARSER_VERSION, maxBytes, files };
  await writeFile(join(dir, 'files.json'), JSON.stringify(json));
}

/**
 * A `reuse` function for readCorpus over a previous version's files.json and articles.
 * Missing or incompatible caches reuse nothing (every file is parsed again).
 */
export async function loadFileCache(
  dir: string, articles: Map<string, StoredArticle>, maxBytes: number,
): Promise<(file: string, stamp: FileStamp) => FileOutcome | undefined> {
  let json: FileCacheJson;
  try {
    json = JSON.parse(await readFile(join(dir, 'files.json'), 'utf8')) as FileCacheJson;
  } catch {
    return () => undefined;
  }
  if (json.parser !== PARSER_VERSION || json.maxBytes !== maxBytes) return () => undefined;
  return (file, stamp) => {
    const cached = json.files[file];
    if (!cached || cached.size !== stamp.size || cached.mtimeMs !== stamp.mtimeMs || cached.ctimeMs !== stamp.ctimeMs) return undefined;
    if (cached.reason !== undefined) return { reason: cached.reason };
    const article = cached.id === undefined ? undefined : articles.get(cached.id);
    return article ? { article: { ...article } } : undefined;
  };
}
