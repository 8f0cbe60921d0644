/**
 * How a lexical segment's postings travel between the store and the database: in
 * parts of about PART_POSTINGS postings each, every part a row of text columns (its
 * terms as JSON, then base64 of varints: each term's posting count, its labels as
 * gaps, its term frequencies). Text, because the driver cannot read binary results
 * and PostgreSQL's own encode(…, 'base64') ran at ~30 MB/s (5 s for the 100k-chunk
 * index's labels alone); stored already encoded, a part is sent as it is. Gaps as
 * varints take ~1.5 bytes a posting instead of 4, and parts keep every row a few MB
 * (one 250 MB row was slow to receive and would pass V8's string limit near 300k chunks).
 */

/** Postings per part (a part holds whole terms, so it may run over by one term's list). */
export const PART_POSTINGS = 1 << 20;

/** One part as stored. */
export interface EncodedPart {
  terms: string;
  counts: string;
  docs: string;
  tfs: string;
  postings: number;
}

/** Postings decoded: `counts[i]` postings of term i, back to back in `labels` (ascending per term) and `tfs`. */
export interface DecodedPostings {
  counts: Uint32Array;
  labels: Uint32Array;
  tfs: Uint16Array;
}

class Varints {
  private bytes = new Uint8Array(1024);
  private n = 0;

  push(v: number): void {
    if (this.n + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (v >= 0x80) {
      this.bytes[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.n++] = v;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.n);
  }

  base64(): string {
    return Buffer.from(this.bytes.buffer, 0, this.n).toString('base64');
  }
}

/**
 * Fill `out` with the varints of `bytes` from `at`; with `runs`, they are gaps,
 * summed within each run of that many. Returns where they end. (Values stay below
 * 2^32: bit operations, and the typed array's store wraps a negative int32 back.)
 */
function readVarints(bytes: Uint8Array, at: number, out: Uint32Array, runs?: Uint32Array): number {
  let n = 0;
  let left = runs ? 0 : out.length;
  let run = 0;
  let prev = 0;
  while (n < out.length && at < bytes.length) {
    if (runs) {
      while (left === 0) [left, prev] = [runs[run++]!, 0];
      left--;
    }
    let b = bytes[at++]!;
    let v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[at++]!;
      v |= (b & 0x7f) << shift;
    }
    out[n++] = prev = runs ? prev + (v >>> 0) : v;
  }
  if (n !== out.length) throw new Error(`a lexical part is corrupt (${n} of ${out.length} values)`);
  return at;
}

function readAll(text: string, out: Uint32Array, runs?: Uint32Array): void {
  const bytes = Buffer.from(text, 'base64');
  if (readVarints(bytes, 0, out, runs) !== bytes.length) throw new Error('a lexical part is corrupt (bytes left over)');
}

/** Each term's postings: its labels (ascending) and their term frequencies. */
export type TermPostings = Iterable<[string, { docs: ArrayLike<number>; tfs: ArrayLike<number> }]>;

/** Postings as parts; `shift` is added to every label (capped at 65535, as the in-memory index keeps them). */
export function encodeParts(postings: TermPostings, shift = 0, partPostings = PART_POSTINGS): EncodedPart[] {
  const parts: EncodedPart[] = [];
  let terms: string[] = [];
  let counts = new Varints();
  let docs = new Varints();
  let tfs: number[] = [];
  let n = 0;
  const flush = () => {
    if (terms.length > 0) parts.push({ terms: JSON.stringify(terms), counts: counts.base64(), docs: docs.base64(), tfs: tfBytes(tfs), postings: n });
    [terms, counts, docs, tfs, n] = [[], new Varints(), new Varints(), [], 0];
  };
  for (const [term, p] of postings) {
    terms.push(term);
    counts.push(p.docs.length);
    let prev = 0;
    for (let i = 0; i < p.docs.length; i++) {
      const label = p.docs[i]! + shift;
      if (label <= prev && i > 0) throw new Error(`internal: the postings of "${term}" are not in label order`);
      docs.push(label - prev);
      prev = label;
      tfs.push(p.tfs[i]!);
    }
    n += p.docs.length;
    if (n >= partPostings) flush();
  }
  flush();
  return parts;
}

/**
 * Term frequencies as one byte each, decoded natively (72% are 1, nearly all below
 * 128: as varints they were a third of the decoding time); those of 255 and more are
 * listed after them as varint pairs (position, frequency), capped at 65535 as the
 * in-memory index keeps them.
 */
function tfBytes(tfs: readonly number[]): string {
  const big = new Varints();
  tfs.forEach((tf, i) => tf >= 0xff && (big.push(i), big.push(Math.min(tf, 0xffff))));
  return Buffer.concat([Uint8Array.from(tfs, (tf) => Math.min(tf, 0xff)), big.view()]).toString('base64');
}

function readTfs(text: string, out: Uint16Array): void {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < out.length) throw new Error(`a lexical part is corrupt (${bytes.length} of ${out.length} term frequencies)`);
  out.set(bytes.subarray(0, out.length));
  const pair = new Uint32Array(2);
  for (let at = out.length; at < bytes.length; out[pair[0]!] = pair[1]!) at = readVarints(bytes, at, pair);
}

/** A part's postings into `into` (sized by its term count and `postings`). */
export function decodePart(row: Omit<EncodedPart, 'terms'>, into: DecodedPostings): void {
  readAll(row.counts, into.counts);
  readAll(row.docs, into.labels, into.counts);
  readTfs(row.tfs, into.tfs);
}
