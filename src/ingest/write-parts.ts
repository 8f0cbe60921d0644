/** Writes the article records of an index version. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Article } from '../types.js';
import type { StoredArticle } from './store-layout.js';

export async function writeArticles(dir: string, articles: Article[]): Promise<void> {
  const stored: StoredArticle[] = articles.map(({ file: _file, ...rest }) => rest);
  await writeFile(join(dir, 'articles.json'), JSON.stringify(stored));
}
