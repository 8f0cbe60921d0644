/**
 * Commit of a PostgreSQL index run: one short transaction stamps the replaced
 * rows, records the version with its meta, embedder state and extras, and moves
 * `index_state.current_version`, which readers poll (hot reload). Then rows and
 * chunk tables no retained version can see are collected.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { INDEX_FORMAT, type CommitExtras, type IndexMeta } from '../index-store.js';
import { visibleAt } from './sql.js';

/** Versions published within this long stay readable (a reader polls every few seconds, then switches). */
export const RETAIN_MS = 10 * 60_000;

interface Publishing {
  client: pg.PoolClient;
  schema: string;
  current: number;
  generation: number;
  full: boolean;
  /** Labels below it are taken in this generation (chunks collected since may still sit in live segments). */
  nextLabel(): number;
}

export async function publish(st: Publishing, version: number, meta: Omit<IndexMeta, 'format' | 'articles' | 'chunks'>, extras?: CommitExtras): Promise<void> {
  const { client, schema: s, current } = st;
  const { embedderState, ...rest } = meta;
  const stateJson = embedderState === undefined ? undefined : JSON.stringify(embedderState);
  const stateHash = stateJson && createHash('sha1').update(stateJson).digest('hex');
  await client.query('BEGIN');
  try {
    if (st.full && current > 0) {
      // Everything the served version holds is replaced by the new generation.
      await client.query(`UPDATE ${s}.articles SET v_removed = ${version} WHERE v_removed IS NULL AND v_added <= ${current}`);
      await client.query(`UPDATE ${s}.lexical_segments SET v_removed = ${version} WHERE v_removed IS NULL AND v_added <= ${current}`);
    }
    const counts = await client.query<{ articles: string; chunks: string }>(
      `SELECT (SELECT count(*) FROM ${s}.articles WHERE ${visibleAt(version)}) AS articles,
              (SELECT count(*) FROM ${s}.chunks_g${st.generation} WHERE ${visibleAt(version)}) AS chunks`,
    );
    const full: IndexMeta = { ...rest, format: INDEX_FORMAT, articles: Number(counts.rows[0]!.articles), chunks: Number(counts.rows[0]!.chunks) };
    // An incremental run keeps the fit: the state (megabytes) is sent only when it is new.
    const known = stateHash && (await client.query(`SELECT 1 FROM ${s}.embedder_states WHERE hash = $1`, [stateHash])).rows.length > 0;
    if (stateHash && !known) await client.query(`INSERT INTO ${s}.embedder_states (hash, state) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING`, [stateHash, stateJson]);
    await client.query(
      `INSERT INTO ${s}.index_versions (version, generation, next_label, published_at, meta, state_hash, extras) VALUES ($1, $2, $3, now(), $4, $5, $6)`,
      [version, st.generation, st.nextLabel(), JSON.stringify(full), stateHash ?? null, extras === undefined ? null : JSON.stringify(extras)],
    );
    await client.query(`UPDATE ${s}.index_state SET current_version = ${version}`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  await collect(client, s, current, version).catch(() => {}); // best effort: the next run collects again
}

/**
 * Delete what no retained version can see: the previous version is always kept
 * (readers have not switched yet), and so is every version published within RETAIN_MS.
 */
export async function collect(client: pg.PoolClient, s: string, previous: number, latest: number, retainMs = RETAIN_MS): Promise<void> {
  const r = await client.query<{ v: string | null }>(
    `SELECT min(version) AS v FROM ${s}.index_versions WHERE published_at > now() - make_interval(secs => $1) OR version >= $2`,
    [retainMs / 1000, Math.min(previous || latest, latest)],
  );
  const keepFrom = Number(r.rows[0]?.v ?? latest);
  const gens = await client.query<{ g: number }>(`SELECT DISTINCT generation AS g FROM ${s}.index_versions WHERE version >= ${keepFrom}`);
  const kept = new Set(gens.rows.map((row) => row.g));
  const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'chunks\\_g%'`, [s]);
  for (const { name } of tables.rows) {
    const g = Number(name.slice('chunks_g'.length));
    if (!kept.has(g)) await client.query(`DROP TABLE ${s}.${name}`);
    else await client.query(`DELETE FROM ${s}.${name} WHERE v_removed <= ${keepFrom}`);
  }
  await client.query(`DELETE FROM ${s}.articles WHERE v_removed <= ${keepFrom}`);
  await client.query(`DELETE FROM ${s}.lexical_segments WHERE v_removed <= ${keepFrom}`);
  await client.query(`DELETE FROM ${s}.index_versions WHERE version < ${keepFrom}`);
  await client.query(`DELETE FROM ${s}.embedder_states e WHERE NOT EXISTS (SELECT 1 FROM ${s}.index_versions v WHERE v.state_hash = e.hash)`);
}
