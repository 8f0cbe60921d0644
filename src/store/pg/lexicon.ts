/**
 * The lexical side of a PostgreSQL snapshot, held in memory: query analysis reads
 * term statistics synchronously (LexicalStats: df, and dfAll over phrases), so a
 * snapshot loads the postings of its live lexical segments when it opens and scores
 * BM25 in the process with the local store's Lexicon: one in-memory segment per
 * stored one, chunks removed since masked out, statistics over all live chunks, hence
 * the same ranking as one index built from the same chunks.
 *
 * In the database a segment (the chunks one run added, or a merge of segments) is a
 * row of lexical_segments and its postings are rows of lexical_parts (postings.ts).
 * Segments of schema version 1 kept them in the segment row itself (raw uint32/uint16
 * bytea); they are still read until a merge or a full build replaces them.
 */
import type pg from 'pg';
import type { LexicalParts, LexicalSegment } from '../lexicon.js';
import { Vocabulary } from '../vocabulary.js';
import { inMemory } from '../term-table.js';
import { decodePart, encodeParts, type DecodedPostings, type EncodedPart, type TermPostings } from './postings.js';
import { base64Column, fromBase64, u16Of, u32Of, visibleAt } from './sql.js';

export interface LiveChunks {
  /** Dense id of a label (-1: not live); indexed by label. */
  denseOf: Int32Array;
  /** Token count per dense id. */
  lens: Uint32Array;
}

/** One stored segment's postings as they arrive: its parts' rows, or the legacy single row already decoded. */
export interface SegmentRows {
  parts: (Omit<EncodedPart, 'terms'> & { terms: string[] })[];
  legacy?: { terms: string[] } & DecodedPostings;
}

/**
 * A stored segment decoded for the in-memory Lexicon: postings by local id (label −
 * base) and which local ids have any. It never changes, so the snapshots of later
 * versions share it: hot reload after an incremental run decodes only the new segment.
 */
export interface LoadedSegment {
  key: string;
  base: number;
  parts: Omit<LexicalParts, 'docLen'>;
  present: Uint8Array;
}

/** The decoded segments of the last snapshot a store opened (a segment row is written once: its id and version name it). */
export class SegmentCache {
  private segments = new Map<string, LoadedSegment>();

  get(key: string): LoadedSegment | undefined {
    return this.segments.get(key);
  }

  keep(segments: readonly LoadedSegment[]): void {
    this.segments = new Map(segments.map((seg) => [seg.key, seg]));
  }
}

/** The live segments of a version, decoded (or taken from the cache), in segment order. */
export async function loadSegments(db: Pick<pg.Pool, 'query'>, s: string, generation: number, version: number, cache: SegmentCache): Promise<LoadedSegment[]> {
  const ids = await db.query<{ segment: number; v_added: string }>(
    `SELECT segment, v_added FROM ${s}.lexical_segments g WHERE g.generation = ${Math.trunc(generation)} AND ${visibleAt(version, 'g')} ORDER BY segment`,
  );
  const keyed = ids.rows.map((r) => ({ segment: r.segment, key: `${r.segment}@${r.v_added}` }));
  const missing = keyed.filter((k) => !cache.get(k.key)).map((k) => k.segment);
  const rows = missing.length > 0 ? await readSegments(db, s, missing) : new Map<number, SegmentRows>();
  const loaded = keyed.map(({ segment, key }) => cache.get(key) ?? localize(key, segment, rows.get(segment) ?? { parts: [] }));
  cache.keep(loaded);
  return loaded;
}

/** These segments' postings, read from the database (no decoding yet). */
export async function readSegments(db: Pick<pg.Pool, 'query'>, s: string, segmentIds: readonly number[]): Promise<Map<number, SegmentRows>> {
  const [parts, legacy] = await Promise.all([
    db.query<EncodedPart & { segment: number }>(
      `SELECT segment, postings, terms, counts, docs, tfs FROM ${s}.lexical_parts WHERE segment = ANY($1::int[]) ORDER BY segment, part`, [segmentIds],
    ),
    db.query<{ segment: number; terms: string; offsets: string; docs: string; tfs: string }>(
      `SELECT segment, terms, ${['offsets', 'docs', 'tfs'].map(base64Column).join(', ')} FROM ${s}.lexical_segments WHERE segment = ANY($1::int[]) AND terms IS NOT NULL`,
      [segmentIds],
    ),
  ]);
  const segments = new Map<number, SegmentRows>();
  const of = (segment: number) => segments.get(segment) ?? segments.set(segment, { parts: [] }).get(segment)!;
  for (const { segment, terms, ...row } of parts.rows) of(segment).parts.push({ ...row, terms: JSON.parse(terms) as string[] });
  for (const r of legacy.rows) {
    const offsets = u32Of(fromBase64(r.offsets));
    of(r.segment).legacy = { terms: JSON.parse(r.terms) as string[], counts: offsets.slice(1).map((end, i) => end - offsets[i]!), labels: u32Of(fromBase64(r.docs)), tfs: u16Of(fromBase64(r.tfs)) };
  }
  return segments;
}

/** Labels become local ids: label − the segment's lowest label. */
function localize(key: string, segment: number, rows: SegmentRows): LoadedSegment {
  const { terms, offsets, postings: { labels, tfs } } = decodeSegment(rows);
  const vocab = Vocabulary.fromTerms(terms);
  if (vocab.size !== terms.length) throw new Error(`lexical segment ${segment} lists a term twice`);
  let [lo, hi] = [Infinity, -1];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  const base = hi < 0 ? 0 : lo;
  const present = new Uint8Array(hi < 0 ? 0 : hi - lo + 1);
  for (let i = 0; i < labels.length; i++) present[(labels[i]! -= base)] = 1;
  return { key, base, parts: { vocab, offsets, postDocs: labels, postTfs: tfs }, present };
}

/**
 * A segment as one snapshot sees it: lengths and the gone mask come from its live
 * chunks. A document is gone when it has postings here but is no longer live; local
 * ids without postings here (none, as labels are handed out in order) get length 0
 * and count nowhere.
 */
export function liveSegment({ base, parts, present }: LoadedSegment, live: LiveChunks): LexicalSegment {
  const docLen = new Uint32Array(present.length);
  let gone: Uint8Array | undefined;
  for (let doc = 0; doc < present.length; doc++) {
    if (!present[doc]) continue;
    const label = base + doc;
    const dense = label < live.denseOf.length ? live.denseOf[label]! : -1;
    if (dense >= 0) docLen[doc] = live.lens[dense]!;
    else (gone ??= new Uint8Array(present.length))[doc] = 1;
  }
  return { base, parts: inMemory({ ...parts, docLen }), gone };
}

/** A stored segment's terms in order, where each one's postings start, and the postings (labels ascending per term). */
export function decodeSegment(rows: SegmentRows): { terms: string[]; offsets: Uint32Array; postings: DecodedPostings } {
  const terms = rows.legacy ? [rows.legacy.terms, ...rows.parts.map((p) => p.terms)].flat() : rows.parts.flatMap((p) => p.terms);
  const total = (rows.legacy?.labels.length ?? 0) + rows.parts.reduce((n, p) => n + p.postings, 0);
  const all: DecodedPostings = { counts: new Uint32Array(terms.length), labels: new Uint32Array(total), tfs: new Uint16Array(total) };
  let [t, p] = [0, 0];
  const take = (termCount: number, postings: number, fill: (into: DecodedPostings) => void) => {
    fill({ counts: all.counts.subarray(t, t + termCount), labels: all.labels.subarray(p, p + postings), tfs: all.tfs.subarray(p, p + postings) });
    [t, p] = [t + termCount, p + postings];
  };
  const legacy = rows.legacy;
  if (legacy) take(legacy.terms.length, legacy.labels.length, (into) => (into.counts.set(legacy.counts), into.labels.set(legacy.labels), into.tfs.set(legacy.tfs)));
  for (const part of rows.parts) take(part.terms.length, part.postings, (into) => decodePart(part, into));
  const offsets = new Uint32Array(terms.length + 1);
  for (let i = 0; i < terms.length; i++) offsets[i + 1] = offsets[i]! + all.counts[i]!;
  return { terms, offsets, postings: all };
}

/** Term → (labels, tfs) of the chunks one writer adds: the parts of its segment. */
export class SegmentPostings {
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();

  add(label: number, tokens: readonly string[]): void {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) this.addPosting(term, label, count);
  }

  /** One posting, as a merge copies it (labels in ascending order per term). */
  addPosting(term: string, label: number, tf: number): void {
    let p = this.postings.get(term);
    if (!p) this.postings.set(term, (p = { docs: [], tfs: [] }));
    p.docs.push(label);
    p.tfs.push(tf);
  }

  get size(): number {
    return this.postings.size;
  }

  /** The rows of lexical_parts. */
  encode(): EncodedPart[] {
    return encodeParts(this.postings);
  }
}

/** The postings of an in-memory index (a full build's tokenised chunks: document k is label k + shift) as rows of lexical_parts. */
export function encodeIndex({ vocab, offsets, postDocs, postTfs }: LexicalParts, shift: number): EncodedPart[] {
  function* terms(): TermPostings {
    for (let t = 0; t < vocab.size; t++) {
      const [from, to] = [offsets[t]!, offsets[t + 1]!];
      if (to > from) yield [vocab.term(t), { docs: postDocs.subarray(from, to), tfs: postTfs.subarray(from, to) }];
    }
  }
  return encodeParts(terms(), shift);
}

/** Write a segment row and its parts (one statement per part: each carries a few MB). */
export async function writeSegment(client: pg.PoolClient, s: string, generation: number, version: number, parts: EncodedPart[]): Promise<void> {
  if (parts.length === 0) return;
  const seg = await client.query<{ n: number }>(`SELECT coalesce(max(segment), 0) + 1 AS n FROM ${s}.lexical_segments`);
  const segment = seg.rows[0]!.n;
  await client.query(`INSERT INTO ${s}.lexical_segments (segment, generation, v_added) VALUES ($1, $2, $3)`, [segment, generation, version]);
  for (const [i, part] of parts.entries()) {
    await client.query(
      `INSERT INTO ${s}.lexical_parts (segment, part, postings, terms, counts, docs, tfs) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [segment, i, part.postings, part.terms, part.counts, part.docs, part.tfs],
    );
  }
}
