/**
 * One published version of a PostgreSQL index. Held in memory: the lexical
 * postings (lexicon.ts), each live chunk's article, ordinal and text, and every live
 * article with its text: retrieval and answering read texts synchronously (as the
 * local store reads its files), so a snapshot loads them once when it opens. Asked
 * of the database per question: the vector neighbours (pgvector HNSW). Every query
 * is pinned to the snapshot's version, so a later commit never shows through.
 */
import type pg from 'pg';
import type { ArticleMeta } from '../../types.js';
import type { LexicalIndex } from '../lexical.js';
import {
  isFiltered, matchesFilter, type Bm25Params, type ChunkFilter, type ChunkRef, type IndexedArticle, type IndexMeta,
  type IndexSnapshot, type LexicalStats, type ScoredLabel, type StoredArticle, type StoredChunk, type WeightedTerm,
} from '../index-store.js';
import { loadLexicon, type LiveChunks } from './lexicon.js';
import { vectorLiteral, visibleAt } from './sql.js';
import { knnSql } from './knn.js';

export interface PgContext {
  pool: pg.Pool;
  schema: string;
}

interface ArticleRow {
  id: string;
  url: string;
  published_at: string;
  hash: string;
  file: string;
  meta: ArticleMeta;
  text: string;
}

export class PgSnapshot implements IndexSnapshot {
  readonly version: string;
  readonly lexicon: LexicalStats;

  private constructor(
    private readonly ctx: PgContext,
    readonly versionNumber: number,
    readonly generation: number,
    readonly meta: IndexMeta,
    private readonly lexical: LexicalIndex,
    private readonly live: LiveChunks,
    /** Per dense chunk id: its article's position in `metas`, and its ordinal. */
    private readonly chunkArticle: Int32Array,
    private readonly chunkOrdinal: Int32Array,
    private readonly chunkText: string[],
    private readonly metas: ArticleMeta[],
    private readonly stored: Map<string, StoredArticle>,
    private readonly indexed: Map<string, IndexedArticle>,
  ) {
    this.version = String(versionNumber);
    this.lexicon = lexicalStats(lexical, live.lens);
  }

  static async load(ctx: PgContext, version: number, generation: number, meta: IndexMeta): Promise<PgSnapshot> {
    const { pool, schema: s } = ctx;
    const [chunkRows, articleRows] = await Promise.all([
      pool.query<{ label: number; article_id: string; ordinal: number; len: number; text: string }>(
        `SELECT label, article_id, ordinal, len, text FROM ${s}.chunks_g${generation} WHERE ${visibleAt(version)} ORDER BY label`,
      ),
      pool.query<ArticleRow>(`SELECT id, url, published_at, hash, file, meta, text FROM ${s}.articles WHERE ${visibleAt(version)} ORDER BY id`),
    ]);
    const metas = articleRows.rows.map((r) => r.meta);
    const position = new Map(metas.map((m, i) => [m.id, i]));
    const stored = new Map(articleRows.rows.map((r) => [r.id, { ...r.meta, text: r.text } as StoredArticle]));
    const n = chunkRows.rows.length;
    const chunksOf = new Map<string, number>();
    for (const r of chunkRows.rows) chunksOf.set(r.article_id, (chunksOf.get(r.article_id) ?? 0) + 1);
    const indexed = new Map(articleRows.rows.map((r) => [r.id, { id: r.id, url: r.url, publishedAt: r.published_at, hash: r.hash, file: r.file, chunks: chunksOf.get(r.id) ?? 0 }]));
    const maxLabel = n ? chunkRows.rows[n - 1]!.label : 0;
    const live: LiveChunks = { labels: new Int32Array(n), denseOf: new Int32Array(maxLabel + 1).fill(-1), lens: new Uint32Array(n) };
    const chunkArticle = new Int32Array(n);
    const chunkOrdinal = new Int32Array(n);
    const chunkText: string[] = new Array<string>(n);
    chunkRows.rows.forEach((r, i) => {
      live.labels[i] = r.label;
      live.denseOf[r.label] = i;
      live.lens[i] = r.len;
      chunkArticle[i] = position.get(r.article_id) ?? -1;
      chunkOrdinal[i] = r.ordinal;
      chunkText[i] = r.text;
    });
    const lexical = await loadLexicon(pool, s, generation, version, live);
    return new PgSnapshot(ctx, version, generation, meta, lexical, live, chunkArticle, chunkOrdinal, chunkText, metas, stored, indexed);
  }

  get bm25(): Bm25Params {
    return this.lexical.params;
  }

  set bm25(p: Bm25Params) {
    this.lexical.params = { ...p };
  }

  private dense(label: number): number {
    return label >= 0 && label < this.live.denseOf.length ? this.live.denseOf[label]! : -1;
  }

  async lexicalCandidates(terms: WeightedTerm[], limit: number, filter?: ChunkFilter): Promise<ScoredLabel[]> {
    let accept: ((doc: number) => boolean) | undefined;
    if (isFiltered(filter)) {
      const ok = Uint8Array.from(this.metas, (m) => (matchesFilter(m, filter) ? 1 : 0));
      accept = (doc) => ok[this.chunkArticle[doc]!] === 1;
    }
    return this.lexical.search(terms, limit, accept).map(({ label, score }) => ({ label: this.live.labels[label]!, score }));
  }

  async knn(vector: number[], k: number, opts: { ef?: number; filter?: ChunkFilter } = {}): Promise<ScoredLabel[]> {
    const { text, params } = knnSql(this.ctx.schema, this.generation, this.versionNumber, opts.filter);
    const client = await this.ctx.pool.connect();
    try {
      await setEf(client, Math.max(opts.ef ?? 40, k));
      const r = await client.query<{ label: number; d: number }>(text, [vectorLiteral(vector), k, ...params]);
      // Iterative scans return neighbours in relaxed order: sort by distance, then label.
      return r.rows.map((row) => ({ label: row.label, score: 1 - row.d })).sort((a, b) => b.score - a.score || a.label - b.label);
    } finally {
      client.release();
    }
  }

  chunkRef(label: number): ChunkRef | undefined {
    const d = this.dense(label);
    const a = d < 0 ? undefined : this.metas[this.chunkArticle[d]!];
    return a && { label, articleId: a.id, ordinal: this.chunkOrdinal[d]! };
  }

  /** Synchronous reads, as retrieval makes them (knowledge-base.ts). */
  chunk(label: number): StoredChunk | undefined {
    const ref = this.chunkRef(label);
    return ref && { ...ref, text: this.chunkText[this.dense(label)]! };
  }

  article(id: string): StoredArticle | undefined {
    return this.stored.get(id);
  }

  articleMeta(id: string): ArticleMeta | undefined {
    return this.stored.get(id);
  }

  articleByUrlNow(url: string): StoredArticle | undefined {
    const id = this.byUrl().get(url);
    return id === undefined ? undefined : this.stored.get(id);
  }

  private urls?: Map<string, string>;
  private byUrl(): Map<string, string> {
    return (this.urls ??= new Map(this.metas.map((m) => [m.url, m.id])));
  }

  articleMetas(): readonly ArticleMeta[] {
    return this.metas;
  }

  async chunkRefs(labels: readonly number[]): Promise<(ChunkRef | undefined)[]> {
    return labels.map((label) => this.chunkRef(label));
  }

  async chunks(labels: readonly number[]): Promise<(StoredChunk | undefined)[]> {
    return labels.map((label) => this.chunk(label));
  }

  async articles(ids: readonly string[]): Promise<(StoredArticle | undefined)[]> {
    return ids.map((id) => this.stored.get(id));
  }

  async articleByUrl(url: string): Promise<StoredArticle | undefined> {
    return this.articleByUrlNow(url);
  }

  async listArticles(): Promise<readonly ArticleMeta[]> {
    return this.metas;
  }

  async indexedArticles(): Promise<ReadonlyMap<string, IndexedArticle>> {
    return this.indexed;
  }

  /** The pool belongs to the store: nothing to release here. */
  async close(): Promise<void> {}
}

function lexicalStats(lex: LexicalIndex, lens: Uint32Array): LexicalStats {
  let total = 0;
  for (const len of lens) total += len;
  return {
    docCount: lex.docCount,
    avgDocLength: lex.docCount ? total / lex.docCount : 0,
    df: (t) => lex.df(t),
    dfAll: (ts) => lex.dfAll(ts),
    idf: (t) => lex.idf(t),
  };
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
