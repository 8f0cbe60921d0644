/**
 * Chunk and article texts of a PostgreSQL snapshot, read per question instead of
 * all at open (100k chunks and 45k articles took most of a 30 s open and ~1 GB).
 * Retrieval reads texts synchronously, so a search first awaits load() for the
 * passages it keeps and then for its hits' articles (hybrid.ts); what it loaded
 * stays in a small LRU, which also serves the next questions on the same articles.
 */
import type pg from 'pg';
import { Lru } from '../../util/lru.js';
import { visibleAt } from './sql.js';

/** Chunk texts kept: a search loads its passages, at most 3 for each of 20 articles (an English question's rerank pool). */
export const CHUNK_TEXTS = 4096;
/** Article texts kept: a search loads its hits' (5, or 20 for "latest" and timelines). */
export const ARTICLE_TEXTS = 1024;

/** A live row of the snapshot is missing: its version was collected after a newer one was published. */
export class SnapshotGoneError extends Error {
  constructor(version: number, what: string) {
    super(`index version ${version} is no longer in the database (${what} was collected after a newer version was published): open the current version`);
    this.name = 'SnapshotGoneError';
  }
}

/** A query error as SnapshotGoneError when the snapshot's chunk table was dropped (a later full build's collection). */
export function tableGone(err: unknown, version: number, generation: number): unknown {
  return (err as { code?: string }).code === '42P01' ? new SnapshotGoneError(version, `the chunk table of generation ${generation}`) : err;
}

export class PgTexts {
  private readonly chunkTexts = new Lru<string, number>(CHUNK_TEXTS);
  private readonly articleTexts = new Lru<string>(ARTICLE_TEXTS);

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly schema: string,
    private readonly generation: number,
    private readonly version: number,
  ) {}

  chunk(label: number): string | undefined {
    return this.chunkTexts.get(label);
  }

  article(id: string): string | undefined {
    return this.articleTexts.get(id);
  }

  /** The texts of live chunks and articles, from the cache or the database (missing rows: SnapshotGoneError). */
  async load(labels: readonly number[], ids: readonly string[]): Promise<{ chunks: Map<number, string>; articles: Map<string, string> }> {
    const chunks = new Map<number, string>();
    const articles = new Map<string, string>();
    const wantChunks = [...new Set(labels)].filter((l) => !cached(chunks, l, this.chunkTexts.get(l)));
    const wantArticles = [...new Set(ids)].filter((id) => !cached(articles, id, this.articleTexts.get(id)));
    const s = this.schema;
    await Promise.all([
      wantChunks.length === 0 ? undefined : this.pool
        .query<{ label: number; text: string }>(`SELECT label, text FROM ${s}.chunks_g${Math.trunc(this.generation)} WHERE label = ANY($1::int[])`, [wantChunks])
        .then((r) => r.rows.forEach((row) => (chunks.set(row.label, row.text), this.chunkTexts.set(row.label, row.text))), (err: unknown) => {
          throw tableGone(err, this.version, this.generation);
        }),
      wantArticles.length === 0 ? undefined : this.pool
        .query<{ id: string; text: string }>(`SELECT id, text FROM ${s}.articles WHERE id = ANY($1::text[]) AND ${visibleAt(this.version)}`, [wantArticles])
        .then((r) => r.rows.forEach((row) => (articles.set(row.id, row.text), this.articleTexts.set(row.id, row.text)))),
    ]);
    const lost = wantChunks.find((l) => !chunks.has(l));
    if (lost !== undefined) throw new SnapshotGoneError(this.version, `chunk ${lost}`);
    const lostArticle = wantArticles.find((id) => !articles.has(id));
    if (lostArticle !== undefined) throw new SnapshotGoneError(this.version, `article ${lostArticle}`);
    return { chunks, articles };
  }
}

function cached<K>(into: Map<K, string>, key: K, text: string | undefined): boolean {
  if (text === undefined) return false;
  into.set(key, text);
  return true;
}
