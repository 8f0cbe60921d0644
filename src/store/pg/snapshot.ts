/**
 * One published version of a PostgreSQL index. Held in memory from the open: the
 * lexical postings (lexicon.ts: query analysis reads term statistics synchronously),
 * each live chunk's article, ordinal and length, and every live article's metadata
 * (filters, titles, the newest articles). Asked of the database per question: the
 * vector neighbours (pgvector HNSW) and the texts (texts.ts), which retrieval reads
 * synchronously once loadTexts() has fetched them. Every query is pinned to the
 * snapshot's version, so a later commit never shows through.
 */
import type pg from 'pg';
import type { ArticleMeta } from '../../types.js';
import { Lexicon } from '../lexicon.js';
import {
  isFiltered, matchesFilter, type Bm25Params, type ChunkFilter, type ChunkRef, type IndexedArticle, type IndexMeta,
  type IndexSnapshot, type ScoredLabel, type StoredArticle, type StoredChunk, type WeightedTerm,
} from '../index-store.js';
import { liveSegment, loadSegments, type LiveChunks, type SegmentCache } from './lexicon.js';
import { vectorLiteral, visibleAt } from './sql.js';
import { knnSql } from './knn.js';
import { PgTexts, tableGone } from './texts.js';

export interface PgContext {
  pool: pg.Pool;
  schema: string;
  /** Segments decoded for the store's last snapshot, which the next one shares. */
  segments: SegmentCache;
}

/** The live chunks: per dense id (ascending label) its article's position in `metas` and its ordinal. */
interface ChunkTable extends LiveChunks {
  article: Int32Array;
  ordinal: Int32Array;
}

export class PgSnapshot implements IndexSnapshot {
  readonly version: string;
  private readonly texts: PgTexts;
  private readonly ordinalById: Map<string, number>;
  private ordinalByUrl?: Map<string, number>;
  private indexed?: Promise<Map<string, IndexedArticle>>;

  private constructor(
    private readonly ctx: PgContext,
    readonly versionNumber: number,
    readonly generation: number,
    readonly meta: IndexMeta,
    readonly lexicon: Lexicon,
    private readonly table: ChunkTable,
    private readonly metas: ArticleMeta[],
  ) {
    this.version = String(versionNumber);
    this.ordinalById = new Map(metas.map((m, i) => [m.id, i]));
    this.texts = new PgTexts(ctx.pool, ctx.schema, generation, versionNumber);
  }

  static async load(ctx: PgContext, version: number, generation: number, meta: IndexMeta): Promise<PgSnapshot> {
    const { pool, schema: s } = ctx;
    const [chunkRows, articleRows, segments] = await Promise.all([
      pool.query<{ label: number; article_id: string; ordinal: number; len: number }>(
        `SELECT label, article_id, ordinal, len FROM ${s}.chunks_g${Math.trunc(generation)} WHERE ${visibleAt(version)} ORDER BY label`,
      ),
      pool.query<{ meta: ArticleMeta }>(`SELECT meta FROM ${s}.articles WHERE ${visibleAt(version)} ORDER BY id`),
      loadSegments(pool, s, generation, version, ctx.segments),
    ]);
    const metas = articleRows.rows.map((r) => r.meta);
    const position = new Map(metas.map((m, i) => [m.id, i]));
    const rows = chunkRows.rows;
    const n = rows.length;
    const table: ChunkTable = {
      denseOf: new Int32Array(n ? rows[n - 1]!.label + 1 : 0).fill(-1), lens: new Uint32Array(n), article: new Int32Array(n), ordinal: new Int32Array(n),
    };
    rows.forEach((r, i) => {
      table.denseOf[r.label] = i;
      table.lens[i] = r.len;
      table.article[i] = position.get(r.article_id) ?? -1;
      table.ordinal[i] = r.ordinal;
    });
    return new PgSnapshot(ctx, version, generation, meta, new Lexicon(segments.map((seg) => liveSegment(seg, table))), table, metas);
  }

  get bm25(): Bm25Params {
    return this.lexicon.params;
  }

  set bm25(p: Bm25Params) {
    this.lexicon.params = { ...p };
  }

  private dense(label: number): number {
    return label >= 0 && label < this.table.denseOf.length ? this.table.denseOf[label]! : -1;
  }

  /** The live article position of a label, or -1. */
  private articleOf(label: number): number {
    const d = this.dense(label);
    return d < 0 ? -1 : this.table.article[d]!;
  }

  async lexicalCandidates(terms: WeightedTerm[], limit: number, filter?: ChunkFilter): Promise<ScoredLabel[]> {
    let accept: ((label: number) => boolean) | undefined;
    if (isFiltered(filter)) {
      // Each article judged once per search, when one of its chunks first scores.
      const verdict = new Int8Array(this.metas.length);
      accept = (label) => {
        const a = this.articleOf(label);
        if (a < 0) return false;
        if (verdict[a] === 0) verdict[a] = matchesFilter(this.metas[a], filter) ? 1 : -1;
        return verdict[a] === 1;
      };
    }
    return this.lexicon.search(terms, limit, accept);
  }

  async knn(vector: number[], k: number, opts: { ef?: number; filter?: ChunkFilter } = {}): Promise<ScoredLabel[]> {
    const { text, params } = knnSql(this.ctx.schema, this.generation, this.versionNumber, opts.filter);
    const client = await this.ctx.pool.connect();
    try {
      await setEf(client, Math.max(opts.ef ?? 40, k));
      const r = await client.query<{ label: number; d: number }>(text, [vectorLiteral(vector), k, ...params]).catch((err: unknown) => {
        throw tableGone(err, this.versionNumber, this.generation);
      });
      // Iterative scans return neighbours in relaxed order: sort by distance, then label.
      return r.rows.map((row) => ({ label: row.label, score: 1 - row.d })).sort((a, b) => b.score - a.score || a.label - b.label);
    } finally {
      client.release();
    }
  }

  /** Fetch the texts of these chunks and articles, so that chunk() and article() can read them. What is not live is skipped. */
  async loadTexts(labels: readonly number[], articleIds: readonly string[] = []): Promise<void> {
    await this.texts.load(labels.filter((l) => this.articleOf(l) >= 0), articleIds.filter((id) => this.ordinalById.has(id)));
  }

  articleMeta(id: string): ArticleMeta | undefined {
    const a = this.ordinalById.get(id);
    return a === undefined ? undefined : this.metas[a];
  }

  chunkRef(label: number): ChunkRef | undefined {
    const d = this.dense(label);
    const a = d < 0 ? undefined : this.metas[this.table.article[d]!];
    return a && { label, articleId: a.id, ordinal: this.table.ordinal[d]! };
  }

  /** Synchronous reads, as retrieval makes them (knowledge-base.ts): the text must have been loaded (loadTexts). */
  chunk(label: number): StoredChunk | undefined {
    const ref = this.chunkRef(label);
    return ref && { ...ref, text: this.texts.chunk(label) ?? notLoaded(`chunk ${label}`) };
  }

  article(id: string): StoredArticle | undefined {
    const a = this.ordinalById.get(id);
    return a === undefined ? undefined : { ...this.metas[a]!, text: this.texts.article(id) ?? notLoaded(`article ${id}`) };
  }

  articleByUrlNow(url: string): StoredArticle | undefined {
    const id = this.idOfUrl(url);
    return id === undefined ? undefined : this.article(id);
  }

  /** The id of a live article's URL. */
  idOfUrl(url: string): string | undefined {
    this.ordinalByUrl ??= new Map(this.metas.map((m, i) => [m.url, i]));
    const a = this.ordinalByUrl.get(url);
    return a === undefined ? undefined : this.metas[a]!.id;
  }

  articleMetas(): readonly ArticleMeta[] {
    return this.metas;
  }

  async chunkRefs(labels: readonly number[]): Promise<(ChunkRef | undefined)[]> {
    return labels.map((label) => this.chunkRef(label));
  }

  async chunks(labels: readonly number[]): Promise<(StoredChunk | undefined)[]> {
    const refs = labels.map((label) => this.chunkRef(label));
    const { chunks } = await this.texts.load(refs.flatMap((r) => (r ? [r.label] : [])), []);
    return refs.map((r) => r && { ...r, text: chunks.get(r.label)! });
  }

  async articles(ids: readonly string[]): Promise<(StoredArticle | undefined)[]> {
    const { articles } = await this.texts.load([], ids.filter((id) => this.ordinalById.has(id)));
    return ids.map((id) => {
      const a = this.ordinalById.get(id);
      return a === undefined ? undefined : { ...this.metas[a]!, text: articles.get(id)! };
    });
  }

  async articleByUrl(url: string): Promise<StoredArticle | undefined> {
    const id = this.idOfUrl(url);
    return id === undefined ? undefined : (await this.articles([id]))[0];
  }

  async listArticles(): Promise<readonly ArticleMeta[]> {
    return this.metas;
  }

  /** Read when first asked (incremental runs read theirs from the writer's base instead). */
  indexedArticles(): Promise<ReadonlyMap<string, IndexedArticle>> {
    this.indexed ??= (async () => {
      const chunks = new Uint32Array(this.metas.length);
      for (const a of this.table.article) if (a >= 0) chunks[a]!++;
      const r = await this.ctx.pool.query<{ id: string; url: string; published_at: string; hash: string; file: string }>(
        `SELECT id, url, published_at, hash, file FROM ${this.ctx.schema}.articles WHERE ${visibleAt(this.versionNumber)}`,
      );
      return new Map(r.rows.map((row) => [row.id, { id: row.id, url: row.url, publishedAt: row.published_at, hash: row.hash, file: row.file, chunks: chunks[this.ordinalById.get(row.id) ?? -1] ?? 0 }]));
    })();
    return this.indexed;
  }

  /** The pool belongs to the store: nothing to release here. */
  async close(): Promise<void> {}
}

function notLoaded(what: string): never {
  throw new Error(`internal: the text of ${what} was read before loadTexts() fetched it`);
}

/** hnsw.ef_search per connection, set only when it changes (a round trip). */
const efOf = new WeakMap<pg.PoolClient, number>();
async function setEf(client: pg.PoolClient, ef: number): Promise<void> {
  const was = efOf.get(client);
  if (was === ef) return;
  if (was === undefined) {
    // pgvector ≥ 0.8: keep walking the graph when filters reject candidates; older versions lack the setting.
    await client.query('SET hnsw.iterative_scan = relaxed_order').catch(() => {});
  }
  await client.query(`SET hnsw.ef_search = ${Math.min(1000, Math.trunc(ef))}`);
  efOf.set(client, ef);
}
