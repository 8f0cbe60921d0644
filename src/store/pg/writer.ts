/**
 * Writes the next version of a PostgreSQL index. Rows go in as the run goes
 * (multi-row inserts, one per batch), stamped with the new version, so nobody sees
 * them until commit publishes the version in one short transaction. A full build
 * starts a new generation: its own chunk table, filled without an HNSW index, which
 * is built in one pass at commit (about 4× faster than inserting into the graph),
 * while readers keep the old generation. abort() or a killed process leaves the
 * served version untouched; the next writer clears what such a run left.
 * The caller holds the store's advisory lock (one writer at a time).
 */
import type pg from 'pg';
import type { ChunkInput, CommitExtras, IndexMeta, IndexWriter, StoredArticle, TokenisedChunks, WriterBase } from '../index-store.js';
import { chunkTableSql, hnswIndexSql } from './schema.js';
import { encodeIndex, SegmentPostings, writeSegment } from './lexicon.js';
import type { LexicalBuilder } from '../lexical-builder.js';
import type { LexicalParts } from '../lexicon.js';
import { vectorLiteral } from './sql.js';
import { publish } from './publish.js';
import { mergeSegments } from './merge.js';

export interface WriterState {
  client: pg.PoolClient;
  schema: string;
  /** The served version (0: none) and its generation. */
  current: number;
  generation: number;
  /** The first label this writer may use. */
  nextLabel: number;
  full: boolean;
  dimensions: number;
  base?: WriterBase;
  release(): Promise<void>;
  /** Another connection of the store's pool (released by the caller). */
  connect(): Promise<pg.PoolClient>;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export class PgIndexWriter implements IndexWriter {
  private readonly postings = new SegmentPostings();
  /** What the chunk rows copy from their article (an article comes in the same or an earlier add than its chunks). */
  private readonly facts = new Map<string, { source: string; host: string; day: string }>();
  private nextLabel: number;
  private readonly version: number;
  private done = false;
  private tableReady = false;
  /**
   * Inserts run one after another on the writer's connection while the caller embeds
   * the next batch (the database parses vectors on its own core); commit waits for
   * them, and the first failure fails the commit.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private failed?: unknown;
  /** A full build's chunks tokenised up front (adoptTokenised): their postings, and the label of its document 0. */
  private adopted?: { parts: LexicalParts; first: number };

  private enqueue(sql: string, params: unknown[]): void {
    this.queue = this.queue.then(() => (this.failed ? undefined : this.st.client.query(sql, params))).catch((err: unknown) => {
      this.failed ??= err;
    });
  }

  private async drain(): Promise<void> {
    await this.queue;
    if (this.failed) throw this.failed;
  }

  constructor(private readonly st: WriterState) {
    this.nextLabel = st.nextLabel;
    this.version = st.current + 1;
  }

  get base(): WriterBase | undefined {
    return this.st.base;
  }

  private get table(): string {
    return `${this.st.schema}.chunks_g${this.st.generation}`;
  }

  private async ensureTable(): Promise<void> {
    if (this.tableReady) return;
    if (this.st.full) await this.st.client.query(chunkTableSql(this.st.schema, this.st.generation, this.st.dimensions));
    this.tableReady = true;
  }

  /** Take a full build's tokenised chunks as this run's postings (index-store.ts), instead of counting their tokens again. */
  adoptTokenised(tokenised: TokenisedChunks): void {
    if (this.postings.size > 0 || this.adopted) throw new Error('adoptTokenised must come before the first chunk is added');
    this.adopted = { parts: (tokenised as LexicalBuilder).finish().parts(), first: this.nextLabel };
  }

  async add(articles: readonly (StoredArticle & { hash: string; file: string })[], chunks: readonly ChunkInput[], vectors: readonly number[][]): Promise<number[]> {
    this.check();
    await this.ensureTable();
    const { schema: s } = this.st;
    for (const a of articles) this.facts.set(a.id, filterFacts(a));
    if (articles.length > 0) {
      this.enqueue(
        `INSERT INTO ${s}.articles (id, v_added, url, published_at, hash, file, meta, text)
         SELECT id, ${this.version}, url, pub, hash, file, meta, text
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[]) AS t(id, url, pub, hash, file, meta, text)`,
        [
          articles.map((a) => a.id), articles.map((a) => a.url), articles.map((a) => a.publishedAt), articles.map((a) => a.hash),
          articles.map((a) => a.file), articles.map(({ text: _t, hash: _h, file: _f, ...meta }) => JSON.stringify(meta)), articles.map((a) => a.text),
        ],
      );
    }
    if (chunks.length !== vectors.length) throw new Error(`internal: ${chunks.length} chunks but ${vectors.length} vectors`);
    if (chunks.length === 0) return [];
    const labels = chunks.map(() => this.nextLabel++);
    const facts = chunks.map((c) => this.facts.get(c.articleId) ?? filterFacts(undefined));
    this.enqueue(
      `INSERT INTO ${this.table} (label, article_id, ordinal, v_added, len, source_lc, host_lc, day, text, embedding)
       SELECT label, article_id, ordinal, ${this.version}, len, source_lc, host_lc, day, text, embedding::vector
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS t(label, article_id, ordinal, len, source_lc, host_lc, day, text, embedding)`,
      [
        labels, chunks.map((c) => c.articleId), chunks.map((c) => c.ordinal), labels.map((label, i) => this.tokenCount(label, chunks[i]!)),
        facts.map((f) => f.source), facts.map((f) => f.host), facts.map((f) => f.day), chunks.map((c) => c.text), vectors.map(vectorLiteral),
      ],
    );
    if (!this.adopted) chunks.forEach((c, i) => this.postings.add(labels[i]!, c.tokens));
    if (this.failed) throw this.failed;
    // The caller embeds synchronously: let the event loop read the last insert's result and send the next one meanwhile.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return labels;
  }

  private tokenCount(label: number, chunk: ChunkInput): number {
    return this.adopted ? this.adopted.parts.docLen[label - this.adopted.first] ?? 0 : chunk.tokens.length;
  }

  async deleteArticles(ids: readonly string[]): Promise<void> {
    this.check();
    if (ids.length === 0 || this.st.current === 0 || this.st.full) return;
    const { client, schema: s } = this.st;
    await this.drain();
    const live = `v_added <= ${this.st.current} AND v_removed IS NULL`;
    await client.query(`UPDATE ${s}.articles SET v_removed = ${this.version} WHERE id = ANY($1::text[]) AND ${live}`, [ids]);
    await client.query(`UPDATE ${this.table} SET v_removed = ${this.version} WHERE article_id = ANY($1::text[]) AND ${live}`, [ids]);
  }

  setFile(id: string, file: string): void {
    // The file name is a report detail: kept current in place, whatever the version.
    this.enqueue(`UPDATE ${this.st.schema}.articles SET file = $2 WHERE id = $1 AND v_removed IS NULL`, [id, file]);
  }

  async commit(meta: Omit<IndexMeta, 'format' | 'articles' | 'chunks'>, extras?: CommitExtras): Promise<string> {
    this.check();
    await this.ensureTable();
    try {
      await this.drain();
      await this.writeLexicon();
      // VACUUM marks the pages all-visible, so readers' chunk lists and article metadata come from covering indexes alone
      // (an incremental run touches a few pages, which cost a few heap reads until autovacuum comes by).
      if (this.st.full) await this.st.client.query(`VACUUM (ANALYZE) ${this.table}, ${this.st.schema}.articles`);
      await publish({ ...this.st, nextLabel: () => this.nextLabel }, this.version, meta, extras);
    } catch (err) {
      await this.abort();
      throw err;
    }
    this.done = true;
    await this.st.release();
    return String(this.version);
  }

  /**
   * This run's postings as a lexical segment (an incremental run then merges when due).
   * A full build encodes and writes them on a second connection while the first one
   * builds the vector index in one pass (about 4× faster than inserting into the graph).
   */
  private async writeLexicon(): Promise<void> {
    const { client, schema: s, generation: g } = this.st;
    if (!this.st.full) {
      await writeSegment(client, s, g, this.version, this.postings.encode());
      await mergeSegments(client, s, g, this.version);
      return;
    }
    this.st.onProgress?.('vector index', 0, 1);
    // The graph is built in memory (in parallel on PostgreSQL ≥ 13 with pgvector ≥ 0.6 when it fits): ~1.3 KB per 256-d chunk.
    await client.query(`SET maintenance_work_mem = '512MB'`).catch(() => {});
    const graph = client.query(hnswIndexSql(s, g));
    graph.catch(() => {}); // awaited below; this only covers a failure while the segment is written
    const parts = this.adopted ? encodeIndex(this.adopted.parts, this.adopted.first) : this.postings.encode();
    const other = await this.st.connect();
    try {
      await writeSegment(other, s, g, this.version, parts);
    } finally {
      other.release();
    }
    await graph;
    this.st.onProgress?.('vector index', 1, 1);
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.queue;
    try {
      await clearUnpublished(this.st.client, this.st.schema, this.st.current);
    } finally {
      await this.st.release();
    }
  }

  private check(): void {
    if (this.done) throw new Error('this index writer has committed or aborted');
  }
}

/** What ChunkFilter compares, stored with each chunk so the vector query filters in SQL. */
function filterFacts(a: Pick<StoredArticle, 'source' | 'url' | 'publishedAt'> | undefined): { source: string; host: string; day: string } {
  if (!a) return { source: '', host: '', day: '' };
  let host = '';
  try {
    host = new URL(a.url).hostname.toLowerCase();
  } catch {
    // no host to match
  }
  return { source: a.source.toLowerCase(), host, day: a.publishedAt.slice(0, 10) };
}

/** Remove what runs after version `current` wrote without publishing (aborted or killed). */
export async function clearUnpublished(db: pg.PoolClient, s: string, current: number): Promise<void> {
  const tables = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'chunks\\_g%'`, [s]);
  const published = await db.query<{ g: number }>(`SELECT coalesce(max(generation), 0) AS g FROM ${s}.index_versions WHERE published_at IS NOT NULL`);
  const maxGen = published.rows[0]!.g;
  for (const { name } of tables.rows) {
    const g = Number(name.slice('chunks_g'.length));
    if (g > maxGen) await db.query(`DROP TABLE ${s}.${name}`);
    else {
      await db.query(`DELETE FROM ${s}.${name} WHERE v_added > ${current}`);
      await db.query(`UPDATE ${s}.${name} SET v_removed = NULL WHERE v_removed > ${current}`);
    }
  }
  await db.query(`DELETE FROM ${s}.articles WHERE v_added > ${current}`);
  await db.query(`UPDATE ${s}.articles SET v_removed = NULL WHERE v_removed > ${current}`);
  await db.query(`DELETE FROM ${s}.lexical_segments WHERE v_added > ${current}`);
  await db.query(`UPDATE ${s}.lexical_segments SET v_removed = NULL WHERE v_removed > ${current}`);
  await db.query(`DELETE FROM ${s}.index_versions WHERE version > ${current}`);
}
