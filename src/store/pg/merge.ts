/**
 * Merge policy for lexical segments: an incremental run adds one segment, so after
 * MAX_SEGMENTS of them the run that commits merges every live segment of the
 * generation into one, without the postings of chunks removed since. Readers of
 * older versions keep the old segments until they are collected.
 */
import type pg from 'pg';
import { SegmentPostings } from './lexicon.js';
import { base64Column, fromBase64, u16Of, u32Of, visibleAt } from './sql.js';

export const MAX_SEGMENTS = 8;

/** Returns whether it merged. `version` is the one being committed (its rows are in, not yet published). */
export async function mergeSegments(client: pg.PoolClient, s: string, generation: number, version: number, max = MAX_SEGMENTS): Promise<boolean> {
  const g = Math.trunc(generation);
  const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.lexical_segments WHERE generation = ${g} AND ${visibleAt(version)}`);
  if (Number(count.rows[0]!.n) <= max) return false;
  const live = await client.query<{ label: number }>(`SELECT label FROM ${s}.chunks_g${g} WHERE ${visibleAt(version)}`);
  const alive = new Set(live.rows.map((r) => r.label));
  const rows = await client.query<{ segment: number; terms: string; offsets: string; docs: string; tfs: string }>(
    `SELECT segment, terms, ${['offsets', 'docs', 'tfs'].map(base64Column).join(', ')} FROM ${s}.lexical_segments
     WHERE generation = ${g} AND ${visibleAt(version)} ORDER BY segment`,
  );
  const merged = new SegmentPostings();
  for (const row of rows.rows) {
    const terms = JSON.parse(row.terms) as string[];
    const [at, docs, tfs] = [u32Of(fromBase64(row.offsets)), u32Of(fromBase64(row.docs)), u16Of(fromBase64(row.tfs))];
    terms.forEach((term, i) => {
      for (let p = at[i]!; p < at[i + 1]!; p++) if (alive.has(docs[p]!)) merged.addPosting(term, docs[p]!, tfs[p]!);
    });
  }
  const { terms, offsets, docs, tfs } = merged.encode();
  const next = await client.query<{ n: number }>(`SELECT coalesce(max(segment), 0) + 1 AS n FROM ${s}.lexical_segments`);
  await client.query(`UPDATE ${s}.lexical_segments SET v_removed = ${Math.trunc(version)} WHERE segment = ANY($1::int[])`, [rows.rows.map((r) => r.segment)]);
  await client.query(
    `INSERT INTO ${s}.lexical_segments (segment, generation, v_added, terms, offsets, docs, tfs) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [next.rows[0]!.n, g, version, terms, offsets, docs, tfs],
  );
  return true;
}
