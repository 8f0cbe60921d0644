/**
 * articles.json, writer and reader. The articles of a loaded index (one article per
 * line, metadata before the text) are each parsed when first read. Opening reads only the metadata
 * at the head of each line; the texts (as large as all the chunks together) are
 * read and decoded only for the articles a question or a lookup touches.
 */
import { join } from 'node:path';
import { toMeta, type StoredArticle } from './layout.js';
import type { Article, ArticleMeta, Script } from '../types.js';
import { ARTICLE_FIELDS, articleHead } from './line-head.js';
import { bufferLines, FileLines, writeLines, type LineSource, type OnHead } from './lines.js';
import { Lru } from '../util/lru.js';

export const ARTICLES_FILE = 'articles.json';

/** Enough bytes for the metadata of nearly every article; a longer head is parsed whole. */
const HEAD_BYTES = 1024;
function metaOfHead(head: Buffer): ArticleMeta | undefined {
  const fields = articleHead(head, 6, HEAD_BYTES);
  if (!fields) return undefined;
  const [id, url, title, publishedAt, source, script] = fields;
  return { id: id!, url: url!, title: title!, publishedAt: publishedAt!, source: source!, script: script as Script };
}

/** One article per line, fields in ARTICLE_FIELDS order (the readers rely on it). */
export async function writeArticles(dir: string, articles: readonly StoredArticle[]): Promise<void> {
  const lines = articles.map((a) => JSON.stringify(Object.fromEntries(ARTICLE_FIELDS.map((f) => [f, a[f]]))));
  await writeLines(join(dir, ARTICLES_FILE), lines);
}

const PARSED_ARTICLES_KEPT = 1024;

/** Reads articles.json. */
export class StoredArticles {
  private readonly lineById = new Map<string, number>();
  /** Made on the first look-up by URL (the snapshot keeps its own). */
  private lineByUrl?: Map<string, number>;
  /** Parsed articles by line, bounded like the chunk texts (chunk-texts.ts). */
  private readonly parsed = new Lru<StoredArticle, number>(PARSED_ARTICLES_KEPT);
  private readonly metas: ArticleMeta[];

  private constructor(private readonly lines: LineSource, heads: (ArticleMeta | undefined)[], private readonly close: () => void) {
    // A head cut short (a very long title or URL) is parsed whole.
    this.metas = heads.map((head, line) => head ?? toMeta(this.at(line)));
    this.metas.forEach(({ id }, line) => this.lineById.set(id, line));
  }

  private static from(open: (onHead: OnHead) => LineSource | undefined, path: string, close: () => void = () => {}): StoredArticles {
    const heads: (ArticleMeta | undefined)[] = [];
    const lines = open((head, i) => (heads[i] = metaOfHead(head)));
    if (!lines) throw new Error(`${path} is not one article per line`);
    return new StoredArticles(lines, heads, close);
  }

  /** From articles.json's bytes. */
  static fromBuffer(buf: Buffer): StoredArticles {
    return StoredArticles.from((onHead) => bufferLines(buf, HEAD_BYTES, onHead), ARTICLES_FILE);
  }

  /** Read from articles.json as needed; release() closes the file. */
  static open(path: string): StoredArticles {
    let file: FileLines | undefined;
    return StoredArticles.from((onHead) => (file = FileLines.open(path, HEAD_BYTES, onHead)), path, () => file?.close());
  }

  get size(): number {
    return this.lines.count;
  }

  get(id: string): StoredArticle | undefined {
    const line = this.lineById.get(id);
    return line === undefined ? undefined : this.at(line);
  }

  byUrl(url: string): StoredArticle | undefined {
    this.lineByUrl ??= new Map(this.metas.map((m, line) => [m.url, line]));
    const line = this.lineByUrl.get(url);
    return line === undefined ? undefined : this.at(line);
  }

  /** Every article's metadata (read at open: listings and statistics need no text). */
  allMeta(): readonly ArticleMeta[] {
    return this.metas;
  }

  release(): void {
    this.close();
  }

  private at(line: number): StoredArticle {
    let article = this.parsed.get(line);
    if (article === undefined) this.parsed.set(line, (article = JSON.parse(this.lines.line(line).toString('utf8')) as StoredArticle));
    return article;
  }
}
