/** The newest articles of the index, optionally of one outlet (/latest without a topic). */
import type { ArticleMeta } from '../types.js';

/** Source matched like the search's filter: the outlet name, case-insensitive, in part. */
export function newestArticles(articles: Iterable<ArticleMeta>, k: number, source?: string): ArticleMeta[] {
  const s = source?.toLowerCase();
  const picked: ArticleMeta[] = [];
  for (const a of articles) if (!s || a.source.toLowerCase().includes(s) || a.url.toLowerCase().includes(s)) picked.push(a);
  return picked.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, k);
}
