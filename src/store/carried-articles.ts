/**
 * Articles carried over unchanged from the served index. An incremental run needs
 * only their id, URL and date (to diff and resolve duplicate URLs); the rest is read
 * from the index only if something reads it (a build never does).
 */
import type { Article } from '../types.js';
import type { StoredArticle } from './index-store.js';

const LOAD = Symbol('load');
const PARSED = Symbol('parsed');

type Carried = Article & { [LOAD]: () => StoredArticle | undefined; [PARSED]?: StoredArticle };

/** What an incremental run knows about a carried-over article without reading it. */
export interface ArticleKey {
  id: string;
  url: string;
  publishedAt: string;
}

function stored(a: Carried): StoredArticle {
  const s = (a[PARSED] ??= a[LOAD]());
  if (!s) throw new Error(`article ${a.id} is no longer in the index`);
  return s;
}

/** Own enumerable getters (so spreads and equality see the fields), shared by every carried article. */
const LAZY_FIELDS: PropertyDescriptorMap = Object.fromEntries(
  (['title', 'source', 'script', 'text'] as const).map((field) => [field, { enumerable: true, get(this: Carried) { return stored(this)[field]; } }]),
);

export function carriedArticle(load: () => StoredArticle | undefined, key: ArticleKey, file: string): Article {
  const article = { ...key, file } as Carried;
  Object.defineProperties(article, LAZY_FIELDS);
  // Hidden (non-enumerable): the loader, and what it read once something reads a lazy field.
  Object.defineProperty(article, LOAD, { value: load });
  Object.defineProperty(article, PARSED, { value: undefined, writable: true });
  return article;
}
