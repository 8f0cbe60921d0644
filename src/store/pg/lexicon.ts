/**
 * The lexical side of a PostgreSQL snapshot, held in memory: query analysis reads
 * term statistics synchronously (LexicalStats: df, and dfAll over phrases, probed
 * thousands of times per question), so a snapshot loads the postings of its live
 * lexical segments once and scores BM25 in the process, exactly as the local index
 * does (same LexicalIndex, same global statistics, hence the same ranking).
 *
 * In the database a segment is one row: the postings of the chunks one run added,
 * as its terms (a JSON array), where each term's postings start and the labels
 * (uint32 byteas) and the term frequencies (uint16). (A row per term took 8.5 s to
 * write for 6,900 chunks, one row 0.3 s.) Segments are read as base64 (see
 * base64Column). Chunks removed since are dropped at load.
 */
import type pg from 'pg';
import { LexicalIndex } from '../lexical.js';
import { Vocabulary } from '../vocabulary.js';
import { base64Column, fromBase64, u16Bytes, u16Of, u32Bytes, u32Of, visibleAt } from './sql.js';

export interface LiveChunks {
  /** PostgreSQL labels, ascending; the position is the dense id the in-memory index uses. */
  labels: Int32Array;
  /** Dense id of a label (-1: not live); indexed by label. */
  denseOf: Int32Array;
  lens: Uint32Array;
}

export async function loadLexicon(db: Pick<pg.Pool, 'query'>, s: string, generation: number, version: number, live: LiveChunks): Promise<LexicalIndex> {
  const rows = await db.query<{ terms: string; offsets: string; docs: string; tfs: string }>(
    `SELECT terms, ${['offsets', 'docs', 'tfs'].map(base64Column).join(', ')} FROM ${s}.lexical_segments g
     WHERE g.generation = ${Math.trunc(generation)} AND ${visibleAt(version, 'g')} ORDER BY g.segment`,
  );
  const vocab = Vocabulary.empty();
  const lists: { docs: Uint32Array; tfs: Uint16Array }[][] = [];
  let total = 0;
  for (const row of rows.rows) {
    const terms = JSON.parse(row.terms) as string[];
    const at = u32Of(fromBase64(row.offsets));
    const docs = u32Of(fromBase64(row.docs));
    const tfs = u16Of(fromBase64(row.tfs));
    terms.forEach((term, i) => {
      const id = vocab.add(term);
      (lists[id] ??= []).push({ docs: docs.subarray(at[i], at[i + 1]), tfs: tfs.subarray(at[i], at[i + 1]) });
    });
    total += docs.length;
  }
  const offsets = new Uint32Array(vocab.size + 1);
  const postDocs = new Uint32Array(total);
  const postTfs = new Uint16Array(total);
  let n = 0;
  for (let t = 0; t < vocab.size; t++) {
    offsets[t] = n;
    for (const { docs, tfs } of lists[t] ?? []) {
      for (let i = 0; i < docs.length; i++) {
        const label = docs[i]!;
        const dense = label < live.denseOf.length ? live.denseOf[label]! : -1;
        if (dense < 0) continue;
        postDocs[n] = dense;
        postTfs[n++] = tfs[i]!;
      }
    }
  }
  offsets[vocab.size] = n;
  return LexicalIndex.fromParts({ vocab, offsets, postDocs: postDocs.subarray(0, n), postTfs: postTfs.subarray(0, n), docLen: live.lens });
}

/** Term → (labels, tfs) of the chunks one writer adds: the rows of its segment. */
export class SegmentPostings {
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();

  add(label: number, tokens: readonly string[]): void {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = { docs: [], tfs: [] }));
      p.docs.push(label);
      p.tfs.push(count);
    }
  }

  /** One posting, as a merge copies it. */
  addPosting(term: string, label: number, tf: number): void {
    let p = this.postings.get(term);
    if (!p) this.postings.set(term, (p = { docs: [], tfs: [] }));
    p.docs.push(label);
    p.tfs.push(tf);
  }

  get size(): number {
    return this.postings.size;
  }

  /** The segment row's columns. */
  encode(): { terms: string; offsets: Buffer; docs: Buffer; tfs: Buffer } {
    const terms: string[] = [];
    let total = 0;
    for (const [term, p] of this.postings) {
      terms.push(term);
      total += p.docs.length;
    }
    const offsets = new Uint32Array(terms.length + 1);
    const docs = new Uint32Array(total);
    const tfs: number[] = new Array<number>(total);
    let n = 0;
    terms.forEach((term, i) => {
      const p = this.postings.get(term)!;
      offsets[i] = n;
      docs.set(p.docs, n);
      for (let j = 0; j < p.tfs.length; j++) tfs[n + j] = p.tfs[j]!;
      n += p.docs.length;
    });
    offsets[terms.length] = n;
    return { terms: JSON.stringify(terms), offsets: u32Bytes(offsets), docs: u32Bytes(docs), tfs: u16Bytes(tfs) };
  }
}
