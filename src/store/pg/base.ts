/**
 * What an incremental run continues from (WriterBase): the served version's meta,
 * its articles' diff records (hash, file, live chunk count) and their texts for the
 * carried-over parses, without the lexical postings a full snapshot would load.
 */
import type pg from 'pg';
import type { ArticleMeta } from '../../types.js';
import type { CommitExtras, IndexedArticle, IndexMeta, StoredArticle, WriterBase } from '../index-store.js';
import { visibleAt } from './sql.js';

export async function loadWriterBase(
  db: Pick<pg.Pool, 'query'>, s: string, version: number, generation: number, meta: IndexMeta, extras: CommitExtras | undefined,
): Promise<WriterBase> {
  const rows = await db.query<{ id: string; url: string; published_at: string; hash: string; file: string; meta: ArticleMeta; text: string; chunks: string }>(
    `SELECT a.id, a.url, a.published_at, a.hash, a.file, a.meta, a.text, coalesce(c.n, 0) AS chunks
     FROM ${s}.articles a
     LEFT JOIN (SELECT article_id, count(*) AS n FROM ${s}.chunks_g${Math.trunc(generation)} WHERE ${visibleAt(version)} GROUP BY article_id) c ON c.article_id = a.id
     WHERE ${visibleAt(version, 'a')}`,
  );
  const articles = new Map<string, IndexedArticle>();
  const texts = new Map<string, StoredArticle>();
  for (const r of rows.rows) {
    articles.set(r.id, { id: r.id, url: r.url, publishedAt: r.published_at, hash: r.hash, file: r.file, chunks: Number(r.chunks) });
    texts.set(r.id, { ...r.meta, text: r.text } as StoredArticle);
  }
  return { meta, articles, extras, readArticle: (id) => texts.get(id) };
}
