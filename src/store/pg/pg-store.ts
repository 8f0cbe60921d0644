/**
 * The PostgreSQL + pgvector implementation of IndexStore (index-store.ts): one
 * index per schema (PG_SCHEMA) in the database DATABASE_URL names. Readers open
 * snapshots of the published version; one writer at a time holds a session
 * advisory lock. Tables and visibility rules: schema.ts.
 */
import pg from 'pg';
import type { CommitExtras, IndexMeta, IndexSnapshot, IndexStore, IndexWriter, WriterOptions } from '../index-store.js';
import { INDEX_FORMAT, IndexFormatError } from '../index-store.js';
import { IndexBusyError } from '../../util/lock.js';
import { checkSchema, migrate } from './schema.js';
import { connectError, describeUrl } from './errors.js';
import { checkSchemaName } from './sql.js';
import { PgSnapshot, type PgContext } from './snapshot.js';
import { PgIndexWriter, clearUnpublished } from './writer.js';
import { loadWriterBase } from './base.js';
import { SegmentCache } from './lexicon.js';

export interface PgStoreOptions {
  url: string;
  /** SQL schema holding the index (several indexes can share a database). */
  schema?: string;
  /** Pool size; at least 2 (a writer holds one connection for its lock). */
  poolSize?: number;
  connectTimeoutMs?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

interface Published {
  version: number;
  generation: number;
  nextLabel: number;
  meta: IndexMeta;
  state: string | null;
}

export class PgIndexStore implements IndexStore {
  readonly pool: pg.Pool;
  readonly schema: string;
  private ready?: Promise<boolean>;

  constructor(private readonly opts: PgStoreOptions) {
    this.schema = checkSchemaName(opts.schema ?? 'zhnews');
    this.pool = new pg.Pool({
      connectionString: opts.url, max: Math.max(2, opts.poolSize ?? 4), connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      // A one-shot command exits when its work is done, without closing the store.
      allowExitOnIdle: true,
    });
    // An idle connection the server drops must not crash the process: the next query reconnects.
    this.pool.on('error', () => {});
  }

  get where(): string {
    return `${describeUrl(this.opts.url)} (schema ${this.schema})`;
  }

  private readonly segments = new SegmentCache();

  private get ctx(): PgContext {
    return { pool: this.pool, schema: this.schema, segments: this.segments };
  }

  /** Whether the schema exists (and is this program's); connection problems become DatabaseSetupError. */
  private exists(): Promise<boolean> {
    this.ready ??= checkSchema(this.pool, this.schema, this.opts.url).catch((err) => {
      this.ready = undefined;
      throw connectError(err, this.opts.url);
    });
    return this.ready;
  }

  async currentVersion(): Promise<string | undefined> {
    if (!(await this.exists())) return undefined;
    // A simple query (no parameters): one round trip, cheap enough to poll.
    const r = await this.pool.query<{ v: string }>(`SELECT current_version AS v FROM ${this.schema}.index_state`);
    const v = Number(r.rows[0]?.v ?? 0);
    return v > 0 ? String(v) : undefined;
  }

  private async published(version?: number): Promise<Published | undefined> {
    if (!(await this.exists())) return undefined;
    const s = this.schema;
    const r = await this.pool.query<{ version: string; generation: number; next_label: number; meta: IndexMeta; state: string | null }>(
      `SELECT v.version, v.generation, v.next_label, v.meta, e.state FROM ${s}.index_versions v
       LEFT JOIN ${s}.embedder_states e ON e.hash = v.state_hash
       WHERE v.version = ${version === undefined ? `(SELECT current_version FROM ${s}.index_state)` : Math.trunc(version)}`,
    );
    const row = r.rows[0];
    if (!row) return undefined;
    return { version: Number(row.version), generation: row.generation, nextLabel: row.next_label, meta: row.meta, state: row.state };
  }

  /** The served snapshot, or the given published version's (hot reload opens the one it polled). */
  async open(version?: string): Promise<PgSnapshot | undefined> {
    const p = await this.published(version === undefined ? undefined : Number(version));
    if (!p) return undefined;
    return PgSnapshot.load(this.ctx, p.version, p.generation, await this.metaOf(p));
  }

  private async metaOf(p: Published): Promise<IndexMeta> {
    if (p.meta.format !== INDEX_FORMAT) throw new IndexFormatError(this.where, p.meta.format);
    return p.state ? { ...p.meta, embedderState: JSON.parse(p.state) as object } : p.meta;
  }

  async extras(): Promise<CommitExtras | undefined> {
    if (!(await this.exists())) return undefined;
    const r = await this.pool.query<{ extras: CommitExtras | null }>(
      `SELECT extras FROM ${this.schema}.index_versions WHERE version = (SELECT current_version FROM ${this.schema}.index_state)`,
    );
    return r.rows[0]?.extras ?? undefined;
  }

  async writer(opts: WriterOptions): Promise<IndexWriter> {
    const client = await this.pool.connect().catch((err) => Promise.reject(connectError(err, this.opts.url)));
    let locked = false;
    const release = async () => {
      if (locked) await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.lockKey]).catch(() => {});
      locked = false;
      client.release();
    };
    try {
      await migrate(client, this.schema, this.opts.url);
      this.ready = Promise.resolve(true);
      const got = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [this.lockKey]);
      if (!got.rows[0]?.ok) {
        const holder = await client.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = hashtext($1)::bigint`, [this.lockKey],
        ).catch(() => ({ rows: [] as { pid: number }[] }));
        const pid = holder.rows[0]?.pid ?? 0;
        throw new IndexBusyError(pid, this.where, `its session (server pid ${pid}: pg_terminate_backend(${pid}) if it is stuck)`, 'index run');
      }
      locked = true;
      return await this.startWriter(client, opts, release);
    } catch (err) {
      await release();
      throw err;
    }
  }

  private get lockKey(): string {
    return `zh-news-qa-bot index ${this.schema}`;
  }

  private async startWriter(client: pg.PoolClient, opts: WriterOptions, release: () => Promise<void>): Promise<IndexWriter> {
    const p = await this.published();
    const current = p?.version ?? 0;
    await clearUnpublished(client, this.schema, current);
    const full = opts.full || !p || p.meta.embedder.dimensions !== opts.dimensions;
    const maxGen = await client.query<{ g: number }>(`SELECT coalesce(max(generation), 0) AS g FROM ${this.schema}.index_versions`);
    const base = full ? undefined : await loadWriterBase(client, this.schema, p!.version, p!.generation, await this.metaOf(p!), await this.extras());
    return new PgIndexWriter({
      client, schema: this.schema, current, full, dimensions: opts.dimensions, base, release, onProgress: this.opts.onProgress, connect: () => this.pool.connect(),
      generation: full ? maxGen.rows[0]!.g + 1 : p!.generation,
      nextLabel: full ? 1 : p!.nextLabel,
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
