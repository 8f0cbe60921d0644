/**
 * Articles carried over unchanged from the served index. An incremental run needs
 * only their id, URL and date (to diff and resolve duplicate URLs); the rest is read
 * from the index only if something reads it (a build never does).
 */
import type { Article } from '../types.js';
import type { StoredArticle } from './index-store.js';

/** What an incremental run knows about a carried-over article without reading it. */
export interface ArticleKey {
  id: string;
  url: string;
  publishedAt: string;
}

/**
 * The lazy fields are own enumerable getters (so spreads and equality see them), made
 * in an object literal: defining them with Object.defineProperties cost ~8 µs an
 * article, a visible share of an incremental run over thousands of files.
 */
export function carriedArticle(load: () => StoredArticle | undefined, key: ArticleKey, file: string): Article {
  let parsed: StoredArticle | undefined;
  const stored = (): StoredArticle => {
    parsed ??= load();
    if (!parsed) throw new Error(`article ${key.id} is no longer in the index`);
    return parsed;
  };
  return {
    id: key.id, url: key.url, publishedAt: key.publishedAt, file,
    get title() { return stored().title; },
    get source() { return stored().source; },
    get script() { return stored().script; },
    get text() { return stored().text; },
  };
}
