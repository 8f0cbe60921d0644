/**
 * The PostgreSQL store's tables, created and upgraded by numbered migrations
 * recorded in `schema_version`. Readers never migrate: they refuse a schema from
 * another version of the program (schemaMismatch); the index command migrates.
 *
 * Versioned rows: articles, chunks and lexical segments carry the index version
 * that added them (v_added) and the one that removed them (v_removed). A snapshot
 * of version v reads the rows visible at v, so readers never see a run's rows
 * before its commit publishes `index_state.current_version`, and a snapshot stays
 * readable while later versions are written. Chunks of one full build live in
 * their own table `chunks_g<generation>` (with its own vector(D) column and HNSW
 * index, built once after the rows are in); incremental runs add to it.
 */
import type pg from 'pg';
import { databaseOf, schemaMismatch, vectorMissing, describeUrl } from './errors.js';

export const SCHEMA_VERSION = 2;

const MIGRATIONS: ((s: string) => string)[] = [
  (s) => `
    CREATE TABLE ${s}.index_state (
      id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      current_version bigint NOT NULL DEFAULT 0
    );
    INSERT INTO ${s}.index_state (id) VALUES (1);
    CREATE TABLE ${s}.embedder_states (hash text PRIMARY KEY, state text NOT NULL);
    CREATE TABLE ${s}.index_versions (
      version bigint PRIMARY KEY,
      generation int NOT NULL,
      next_label int NOT NULL,
      published_at timestamptz,
      meta jsonb NOT NULL,
      state_hash text REFERENCES ${s}.embedder_states (hash),
      extras jsonb
    );
    CREATE TABLE ${s}.articles (
      id text NOT NULL,
      v_added bigint NOT NULL,
      v_removed bigint,
      url text NOT NULL,
      published_at text NOT NULL,
      hash text NOT NULL,
      file text NOT NULL,
      meta jsonb NOT NULL,
      text text NOT NULL,
      PRIMARY KEY (id, v_added)
    );
    CREATE INDEX articles_url ON ${s}.articles (url);
    CREATE INDEX articles_removed ON ${s}.articles (v_removed);
    CREATE TABLE ${s}.lexical_segments (
      segment int PRIMARY KEY,
      generation int NOT NULL,
      v_added bigint NOT NULL,
      v_removed bigint,
      terms text NOT NULL,
      offsets bytea NOT NULL,
      docs bytea NOT NULL,
      tfs bytea NOT NULL
    );
    CREATE TABLE ${s}.feedback (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      kind text NOT NULL,
      vote text,
      question text NOT NULL,
      answer text NOT NULL,
      citations jsonb NOT NULL,
      user_id text NOT NULL,
      channel_id text,
      message_id text
    );`,
  // 2: a segment's postings move to lexical_parts (postings.ts); version 1 rows keep theirs and are still read.
  // Snapshots read chunk lists and article metadata from covering indexes (VACUUM at commit keeps them index-only).
  (s) => `
    ALTER TABLE ${s}.lexical_segments ALTER COLUMN terms DROP NOT NULL, ALTER COLUMN offsets DROP NOT NULL,
      ALTER COLUMN docs DROP NOT NULL, ALTER COLUMN tfs DROP NOT NULL;
    CREATE TABLE ${s}.lexical_parts (
      segment int NOT NULL REFERENCES ${s}.lexical_segments (segment) ON DELETE CASCADE,
      part int NOT NULL,
      postings int NOT NULL,
      terms text NOT NULL,
      counts text NOT NULL,
      docs text NOT NULL,
      tfs text NOT NULL,
      PRIMARY KEY (segment, part)
    );
    -- A snapshot reads every live article's metadata from this index alone (the rows carry the texts).
    CREATE INDEX articles_meta ON ${s}.articles (id) INCLUDE (meta, v_added, v_removed);`,
];

/** The chunk table of one generation: `dims`-dimensional vectors; its HNSW index comes after the bulk load. */
export function chunkTableSql(s: string, generation: number, dims: number): string {
  const t = `${s}.chunks_g${Math.trunc(generation)}`;
  return `
    CREATE TABLE ${t} (
      label int NOT NULL,
      article_id text NOT NULL,
      ordinal int NOT NULL,
      v_added bigint NOT NULL,
      v_removed bigint,
      len int NOT NULL,
      source_lc text NOT NULL,
      host_lc text NOT NULL,
      day text NOT NULL,
      text text NOT NULL,
      embedding vector(${Math.trunc(dims)}) NOT NULL,
      -- Covering: a snapshot reads every live chunk's article, ordinal and length from this index alone (0.05 s at 100k
      -- chunks; the rows, with their texts and vectors, took 1 s), once VACUUM has marked the pages all-visible.
      PRIMARY KEY (label) INCLUDE (article_id, ordinal, len, v_added, v_removed)
    );
    CREATE INDEX chunks_g${Math.trunc(generation)}_article ON ${t} (article_id);`;
}

export function hnswIndexSql(s: string, generation: number): string {
  const g = Math.trunc(generation);
  return `CREATE INDEX IF NOT EXISTS chunks_g${g}_hnsw ON ${s}.chunks_g${g} USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)`;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The schema's version, or undefined when the store was never created here. */
export async function schemaVersion(db: Queryable, s: string): Promise<number | undefined> {
  const exists = await db.query(`SELECT to_regclass('${s}.schema_version') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return undefined;
  const r = await db.query(`SELECT max(version) AS v FROM ${s}.schema_version`);
  return Number(r.rows[0]?.v ?? 0);
}

/** For readers: the schema is absent (undefined) or this program's; anything else is refused. */
export async function checkSchema(db: Queryable, s: string, url: string): Promise<boolean> {
  const v = await schemaVersion(db, s);
  if (v === undefined) return false;
  if (v !== SCHEMA_VERSION) throw schemaMismatch(`${describeUrl(url)} (schema ${s})`, v, SCHEMA_VERSION);
  return true;
}

/** For the index command: create the extension, the schema and the tables, or upgrade them. */
export async function migrate(db: Queryable, s: string, url: string): Promise<void> {
  await ensureVector(db, url);
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const current = (await schemaVersion(db, s)) ?? 0;
  if (current > SCHEMA_VERSION) throw schemaMismatch(`${describeUrl(url)} (schema ${s})`, current, SCHEMA_VERSION);
  for (let v = current; v < SCHEMA_VERSION; v++) {
    await db.query(`BEGIN; ${MIGRATIONS[v]!(s)}; INSERT INTO ${s}.schema_version (version) VALUES (${v + 1}); COMMIT;`).catch(async (err) => {
      await db.query('ROLLBACK').catch(() => {});
      throw err;
    });
  }
}

/** pgvector in this database, created when missing (which needs the right to); a clear error otherwise. */
async function ensureVector(db: Queryable, url: string): Promise<void> {
  const have = await db.query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
  if (have.rows.length > 0) return;
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const installed = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`).then((r) => r.rows.length > 0, () => false);
    throw vectorMissing(describeUrl(url), databaseOf(url), e.code === '42501' ? 'creating it needs a superuser' : firstLine(e.message ?? String(err)), installed);
  }
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;
