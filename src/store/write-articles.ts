/** Writes the article records of an index version. */
import { join } from 'node:path';
import type { Article } from '../types.js';
import { writeLines } from './lines.js';
import type { StoredArticle } from './layout.js';
import { storedLine } from './carried-articles.js';

/** One article per line, id first (stored-article.ts relies on both); carried-over ones byte for byte. */
export async function writeArticles(dir: string, articles: Article[]): Promise<void> {
  const lines = articles.map((a) => {
    const line = storedLine(a);
    if (line) return line;
    const { id, url, title, publishedAt, source, script, text } = a;
    const stored: StoredArticle = { id, url, title, publishedAt, source, script, text };
    return JSON.stringify(stored);
  });
  await writeLines(join(dir, 'articles.json'), lines);
}
