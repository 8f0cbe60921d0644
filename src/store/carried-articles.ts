/**
 * Articles carried over unchanged from the served index. An incremental run needs
 * only their id, URL and date (to diff and resolve duplicate URLs); the rest is read
 * from the index only if something reads it (a build never does).
 */
import type { Article, Script } from '../types.js';
import type { StoredArticle } from './index-store.js';

/** What an incremental run knows about a carried-over article without reading it. */
export interface ArticleKey {
  id: string;
  url: string;
  publishedAt: string;
}

/**
 * One small object per article, its lazy fields getters on the class: an incremental
 * run makes thousands of these, and own getters (new closures and accessor pairs per
 * article) made the young-generation GC a large share of the run. The lazy fields are
 * not own properties: a spread or a deep equality does not see them.
 */
class CarriedArticle implements Article {
  readonly id: string;
  readonly url: string;
  readonly publishedAt: string;
  private parsed?: StoredArticle;

  constructor(key: ArticleKey, readonly file: string, private readonly read: (id: string) => StoredArticle | undefined) {
    this.id = key.id;
    this.url = key.url;
    this.publishedAt = key.publishedAt;
  }

  private stored(): StoredArticle {
    this.parsed ??= this.read(this.id);
    if (!this.parsed) throw new Error(`article ${this.id} is no longer in the index`);
    return this.parsed;
  }

  get title(): string {
    return this.stored().title;
  }

  get source(): string {
    return this.stored().source;
  }

  get script(): Script {
    return this.stored().script;
  }

  get text(): string {
    return this.stored().text;
  }
}

export function carriedArticle(read: (id: string) => StoredArticle | undefined, key: ArticleKey, file: string): Article {
  return new CarriedArticle(key, file, read);
}
