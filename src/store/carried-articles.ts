/**
 * Articles carried over unchanged from the previous index version. An incremental
 * run needs only their id, URL and date (to diff and resolve duplicate URLs) and
 * writes their stored JSON line back as it was, so the rest is parsed from that
 * line only if something reads it. Decoding and re-serialising every article was
 * the largest cost of a small re-index.
 */
import { splitLines } from './lines.js';
import type { Article } from '../types.js';
import { articleHead } from './line-head.js';
import type { StoredArticle } from './layout.js';

const RAW = Symbol('stored line');
const PARSED = Symbol('parsed line');

type Carried = Article & { [RAW]?: Buffer; [PARSED]?: StoredArticle };

/** What an incremental run knows about a carried-over article without parsing it. */
export interface ArticleKey {
  id: string;
  url: string;
  publishedAt: string;
}

function parsed(a: Carried): StoredArticle {
  return (a[PARSED] ??= JSON.parse(a[RAW]!.toString('utf8')) as StoredArticle);
}

/** Own enumerable getters (so spreads and equality see the fields), shared by every carried article. */
const LAZY_FIELDS: PropertyDescriptorMap = Object.fromEntries(
  (['title', 'source', 'script', 'text'] as const).map((field) => [field, { enumerable: true, get(this: Carried) { return parsed(this)[field]; } }]),
);

export function carriedArticle(line: Buffer, key: ArticleKey, file: string): Article {
  const article = { ...key, file } as Carried;
  Object.defineProperties(article, LAZY_FIELDS);
  // Hidden (non-enumerable): the raw line, and its parse once something reads a lazy field.
  Object.defineProperty(article, RAW, { value: line });
  Object.defineProperty(article, PARSED, { value: undefined, writable: true });
  return article;
}

/** The article's stored JSON line when it was carried over (and so is unchanged). */
export function storedLine(article: Article): Buffer | undefined {
  return (article as Carried)[RAW];
}

/** articles.json lines by article id; older single-line files are parsed and split. */
export function linesById(buf: Buffer): Map<string, Buffer> {
  const lines = splitLines(buf) ?? (JSON.parse(buf.toString('utf8')) as StoredArticle[]).map((a) => Buffer.from(JSON.stringify(a)));
  const byId = new Map<string, Buffer>();
  for (const line of lines) {
    // Stored articles start with their id (see writeArticles); parse the odd one that does not.
    byId.set(articleHead(line, 1, 256)?.[0] ?? (JSON.parse(line.toString('utf8')) as StoredArticle).id, line);
  }
  return byId;
}
