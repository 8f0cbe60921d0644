/**
 * files.json of an index version: the stamp (size, mtime, ctime) and parse outcome
 * of every corpus file, so the next incremental run parses only files whose stamp
 * changed. Valid only for the same parser version and size limit.
 */
import { writeFile } from 'node:fs/promises';
import { readWhole } from '../util/bytes.js';
import { join, resolve } from 'node:path';
import { PARSER_VERSION } from '../corpus/parse.js';
import type { FileOutcome, FileRecord, FileStamp } from '../corpus/read.js';
import type { Article } from '../types.js';
import { carriedArticle, linesById } from './carried-articles.js';

/**
 * One file: path, stamp, then why it was skipped, or (reason null) the key of the
 * article parsed from it. Rows, not an object keyed by path: 3× faster to write.
 */
type Row = [file: string, size: number, mtimeMs: number, ctimeMs: number, reason: string | null, id?: string, url?: string, publishedAt?: string];

interface FileCacheJson {
  parser: number;
  maxBytes: number;
  files: Row[];
}

/** `indexed`: the articles that made it into the index (duplicate-URL losers did not, and are not reusable). */
export async function writeFileCache(dir: string, records: FileRecord[], indexed: Set<Article>, maxBytes: number): Promise<void> {
  const files: Row[] = [];
  for (const { file, stamp: { size, mtimeMs, ctimeMs }, outcome } of records) {
    if ('reason' in outcome) files.push([file, size, mtimeMs, ctimeMs, outcome.reason]);
    else if (indexed.has(outcome.article)) {
      const { id, url, publishedAt } = outcome.article;
      files.push([file, size, mtimeMs, ctimeMs, null, id, url, publishedAt]);
    }
  }
  const json: FileCacheJson = { parser: PARSER_VERSION, maxBytes, files };
  await writeFile(join(dir, 'files.json'), JSON.stringify(json));
}

/**
 * A `reuse` function for readCorpus over a previous version's files.json and
 * articles.json: unchanged files come back as carried-over articles (see
 * stored-article.ts). Missing or incompatible caches reuse nothing.
 */
export async function loadFileCache(dir: string, maxBytes: number): Promise<(file: string, stamp: FileStamp) => FileOutcome | undefined> {
  let rows: Map<string, Row>;
  let lines: Map<string, Buffer>;
  try {
    const [files, articles] = await Promise.all([readWhole(join(dir, 'files.json')), readWhole(join(dir, 'articles.json'))]);
    const json = JSON.parse(files.toString('utf8')) as FileCacheJson;
    if (json.parser !== PARSER_VERSION || json.maxBytes !== maxBytes || !Array.isArray(json.files)) return () => undefined;
    rows = new Map(json.files.map((row) => [row[0], row]));
    lines = linesById(articles);
  } catch {
    return () => undefined;
  }
  return (file, stamp) => {
    const row = rows.get(resolve(file));
    if (!row || row[1] !== stamp.size || row[2] !== stamp.mtimeMs || row[3] !== stamp.ctimeMs) return undefined;
    const [, , , , reason, id, url, publishedAt] = row;
    if (reason !== null) return { reason };
    const line = id === undefined ? undefined : lines.get(id);
    return line && url !== undefined && publishedAt !== undefined ? { article: carriedArticle(line, { id: id!, url, publishedAt }, file) } : undefined;
  };
}
