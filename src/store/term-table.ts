/**
 * Where a term's postings sit in each segment of a snapshot, and how many live
 * documents hold it: looked up in every segment's vocabulary once, then memoised
 * for the snapshot (queries and their expansions ask for the same terms again and
 * again). Documents are numbered across segments: segment s's local document d is
 * start[s] + d.
 */
import type { Vocabulary } from './vocabulary.js';

/** Postings of term id i are postDocs/postTfs[offsets[i] .. offsets[i + 1]), in document order. */
export interface LexicalParts {
  /** Term ↔ id; ids are 0..size-1. */
  vocab: Vocabulary;
  offsets: Uint32Array;
  postDocs: Uint32Array;
  postTfs: Uint16Array;
  /** Tokens per document; 0 for documents with no live chunk. */
  docLen: Uint32Array;
}

export interface LexicalSegment {
  /** Label of local document 0. */
  base: number;
  parts: LexicalParts;
  /** Local documents that are deleted (1). */
  gone?: Uint8Array;
}

export interface TermPostings {
  /** Live documents holding the term. */
  df: number;
  /** Postings in all segments: [segment, from, to] triples into that segment's postDocs/postTfs. */
  ranges: Int32Array;
  /** Postings in all (deleted ones included): the cost of walking them. */
  length: number;
}

/** Memo bound: far above the distinct terms of many thousand questions, far below a large vocabulary. */
const MEMO_MAX = 200_000;

const ABSENT: TermPostings = { df: 0, ranges: new Int32Array(0), length: 0 };

export class TermTable {
  /** First joint document number of each segment, and the total (start[segments.length]). */
  readonly start: Int32Array;
  readonly docs: number;
  private readonly memo = new Map<string, TermPostings>();
  /** Reused by dfAll: no allocation per call, however many phrases an expansion probes. */
  private readonly candidates: Int32Array;

  constructor(private readonly segments: readonly LexicalSegment[]) {
    this.start = new Int32Array(segments.length + 1);
    segments.forEach((s, i) => (this.start[i + 1] = this.start[i]! + s.parts.docLen.length));
    this.docs = this.start[segments.length]!;
    this.candidates = new Int32Array(this.docs);
  }

  /** The term's postings, or undefined when no segment has it. */
  get(term: string): TermPostings | undefined {
    let entry = this.memo.get(term);
    if (entry === undefined) {
      entry = this.lookUp(term);
      if (this.memo.size >= MEMO_MAX) this.memo.clear();
      this.memo.set(term, entry);
    }
    return entry === ABSENT ? undefined : entry;
  }

  private lookUp(term: string): TermPostings {
    const ranges: number[] = [];
    let df = 0;
    let length = 0;
    this.segments.forEach(({ parts, gone }, seg) => {
      const t = parts.vocab.get(term);
      if (t === undefined) return;
      const from = parts.offsets[t]!;
      const to = parts.offsets[t + 1]!;
      ranges.push(seg, from, to);
      length += to - from;
      df += to - from;
      if (gone) for (let p = from; p < to; p++) df -= gone[parts.postDocs[p]!]!;
    });
    return ranges.length === 0 ? ABSENT : { df, ranges: Int32Array.from(ranges), length };
  }

  /**
   * Live documents holding every one of the terms: the live documents of the shortest
   * list, narrowed list by list with a galloping search in each (query expansion probes
   * thousands of phrases, often a rare word with a common one).
   */
  dfAll(terms: string[]): number {
    const unique = [...new Set(terms)];
    if (unique.length === 0) return 0;
    if (unique.length === 1) return this.get(unique[0]!)?.df ?? 0;
    const lists: TermPostings[] = [];
    for (const term of unique) {
      const postings = this.get(term);
      if (!postings || postings.df === 0) return 0;
      lists.push(postings);
    }
    lists.sort((a, b) => a.length - b.length);
    let n = this.liveDocs(lists[0]!);
    for (let i = 1; i < lists.length && n > 0; i++) n = this.narrow(n, lists[i]!);
    return n;
  }

  /** The list's live documents into `candidates` (ascending joint numbers); returns how many. */
  private liveDocs({ ranges }: TermPostings): number {
    const { candidates } = this;
    let n = 0;
    for (let r = 0; r < ranges.length; r += 3) {
      const { parts: { postDocs }, gone } = this.segments[ranges[r]!]!;
      const start = this.start[ranges[r]!]!;
      for (let p = ranges[r + 1]!; p < ranges[r + 2]!; p++) if (!gone?.[postDocs[p]!]) candidates[n++] = start + postDocs[p]!;
    }
    return n;
  }

  /** Keep the first `n` candidates that the list holds too (in place); returns how many. */
  private narrow(n: number, { ranges }: TermPostings): number {
    const { candidates } = this;
    let kept = 0;
    let c = 0;
    for (let r = 0; r < ranges.length && c < n; r += 3) {
      const seg = ranges[r]!;
      const first = this.start[seg]!;
      const end = this.start[seg + 1]!;
      const { postDocs } = this.segments[seg]!.parts;
      const to = ranges[r + 2]!;
      let p = ranges[r + 1]!;
      while (c < n && candidates[c]! < first) c++;
      for (; c < n && candidates[c]! < end; c++) {
        const local = candidates[c]! - first;
        p = gallop(postDocs, p, to, local);
        if (p === to) break;
        if (postDocs[p] === local) candidates[kept++] = candidates[c]!;
      }
    }
    return kept;
  }
}

/** The first position in [from, to) whose document is at least `doc` (`to` when none): doubling steps, then bisection. */
function gallop(postDocs: Uint32Array, from: number, to: number, doc: number): number {
  if (from >= to || postDocs[from]! >= doc) return from;
  let lo = from; // postDocs[lo] < doc throughout
  let step = 1;
  while (lo + step < to && postDocs[lo + step]! < doc) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, to);
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (postDocs[mid]! < doc) lo = mid;
    else hi = mid;
  }
  return hi;
}
