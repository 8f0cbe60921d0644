/** Writes the non-vector parts of an index version: articles and the lexical index. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Document } from '@langchain/core/documents';
import { LexicalIndex } from '../retrieve/lexical.js';
import { normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Article } from '../types.js';
import { indexedText } from './indexed-text.js';
import type { StoredArticle } from './store-layout.js';

export async function writeArticles(dir: string, articles: Article[]): Promise<void> {
  const stored: StoredArticle[] = articles.map(({ file: _file, ...rest }) => rest);
  await writeFile(join(dir, 'articles.json'), JSON.stringify(stored));
}

/** Lexical tokens of a chunk as indexed (header + passage, matching form). */
export function chunkTokens(article: Pick<Article, 'title' | 'source' | 'publishedAt'>, passage: string): string[] {
  return tokenize(normalizeForMatch(indexedText(article, passage)));
}

export async function writeLexical(dir: string, store: HNSWLib, articles: Map<string, Article>): Promise<void> {
  const docs = (store.docstore as unknown as { _docs: Map<string, Document> })._docs;
  const lexical = LexicalIndex.build(
    (function* () {
      for (const [label, doc] of docs) {
        const article = articles.get(String(doc.metadata.articleId));
        if (!article) continue;
        yield { label: Number(label), tokens: chunkTokens(article, doc.pageContent) };
      }
    })(),
  );
  await lexical.save(dir);
}
