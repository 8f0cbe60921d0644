/** The text that is indexed for a chunk: a header (title, outlet, date) + the passage. */
import type { ArticleMeta } from '../types.js';

export function indexedText(article: Pick<ArticleMeta, 'title' | 'source' | 'publishedAt'>, passage: string): string {
  return `${article.title}\n${article.source} ${article.publishedAt.slice(0, 10)}\n${passage}`;
}
