/**
 * Merge policy for lexical segments: an incremental run adds one segment, so after
 * MAX_SEGMENTS of them the run that commits merges every live segment of the
 * generation into one, without the postings of chunks removed since. Readers of
 * older versions keep the old segments until they are collected.
 */
import type pg from 'pg';
import { decodeSegment, readSegments, SegmentPostings, writeSegment } from './lexicon.js';
import { visibleAt } from './sql.js';

export const MAX_SEGMENTS = 8;

/** Returns whether it merged. `version` is the one being committed (its rows are in, not yet published). */
export async function mergeSegments(client: pg.PoolClient, s: string, generation: number, version: number, max = MAX_SEGMENTS): Promise<boolean> {
  const g = Math.trunc(generation);
  const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.lexical_segments WHERE generation = ${g} AND ${visibleAt(version)}`);
  if (Number(count.rows[0]!.n) <= max) return false;
  const live = await client.query<{ label: number }>(`SELECT label FROM ${s}.chunks_g${g} WHERE ${visibleAt(version)}`);
  const alive = new Set(live.rows.map((r) => r.label));
  const ids = await client.query<{ segment: number }>(`SELECT segment FROM ${s}.lexical_segments WHERE generation = ${g} AND ${visibleAt(version)}`);
  const segments = await readSegments(client, s, ids.rows.map((r) => r.segment));
  const merged = new SegmentPostings();
  // Segments in label order, so each term's labels stay ascending.
  for (const segment of [...segments.keys()].sort((a, b) => a - b)) {
    const { terms, offsets, postings } = decodeSegment(segments.get(segment)!);
    terms.forEach((term, i) => {
      for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
        const label = postings.labels[p]!;
        if (alive.has(label)) merged.addPosting(term, label, postings.tfs[p]!);
      }
    });
  }
  await client.query(`UPDATE ${s}.lexical_segments SET v_removed = ${Math.trunc(version)} WHERE generation = ${g} AND ${visibleAt(version)}`);
  await writeSegment(client, s, g, version, merged.encode());
  return true;
}
