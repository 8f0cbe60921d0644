/**
 * Where a term's postings sit in each segment of a snapshot, and how many live
 * documents hold it: looked up in every segment's vocabulary once, then memoised
 * for the snapshot (queries and their expansions ask for the same terms again and
 * again). Documents are numbered across segments: segment s's local document d is
 * start[s] + d. A segment's postings may be in memory or read from its file on first
 * use (lexical-file.ts): a search needs a few lists, not the 190 MB of a 100k-chunk index.
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

/** One term's postings in one segment. */
export interface PostingList {
  docs: Uint32Array;
  tfs: Uint16Array;
}

/** A segment's vocabulary, offsets and lengths, and its postings however they are held. */
export interface PostingSource {
  vocab: Vocabulary;
  offsets: Uint32Array;
  docLen: Uint32Array;
  /** Postings [from, to) of the term-ordered lists. */
  read(from: number, to: number): PostingList;
}

/** The postings of parts held in memory (views, no copy). */
export function inMemory(parts: LexicalParts): PostingSource {
  const { vocab, offsets, docLen, postDocs, postTfs } = parts;
  return { vocab, offsets, docLen, read: (from, to) => ({ docs: postDocs.subarray(from, to), tfs: postTfs.subarray(from, to) }) };
}

export interface LexicalSegment {
  /** Label of local document 0. */
  base: number;
  parts: PostingSource;
  /** Local documents that are deleted (1). */
  gone?: Uint8Array;
}

export interface TermPostings {
  /** Live documents holding the term. */
  df: number;
  /** Its list in each segment that has the term, in segment order. */
  lists: (PostingList & { seg: number })[];
  /** Postings in all (deleted ones included): the cost of walking them. */
  length: number;
}

/** Memo bounds: far above the distinct terms (and their postings) of many thousand questions, far below a large index. */
const MEMO_MAX = 200_000;
const MEMO_MAX_POSTINGS = 16_000_000;

const ABSENT: TermPostings = { df: 0, lists: [], length: 0 };

export class TermTable {
  /** First joint document number of each segment, and the total (start[segments.length]). */
  readonly start: Int32Array;
  readonly docs: number;
  private readonly memo = new Map<string, TermPostings>();
  private memoPostings = 0;
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
      if (this.memo.size >= MEMO_MAX || this.memoPostings >= MEMO_MAX_POSTINGS) {
        this.memo.clear();
        this.memoPostings = 0;
      }
      this.memo.set(term, entry);
      this.memoPostings += entry.length;
    }
    return entry === ABSENT ? undefined : entry;
  }

  private lookUp(term: string): TermPostings {
    const lists: TermPostings['lists'] = [];
    let df = 0;
    let length = 0;
    this.segments.forEach(({ parts, gone }, seg) => {
      const t = parts.vocab.get(term);
      if (t === undefined) return;
      const list = parts.read(parts.offsets[t]!, parts.offsets[t + 1]!);
      lists.push({ seg, ...list });
      length += list.docs.length;
      df += list.docs.length;
      if (gone) for (const doc of list.docs) df -= gone[doc]!;
    });
    return lists.length === 0 ? ABSENT : { df, lists, length };
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

  /** The term's live documents into `candidates` (ascending joint numbers); returns how many. */
  private liveDocs({ lists }: TermPostings): number {
    const { candidates } = this;
    let n = 0;
    for (const { seg, docs } of lists) {
      const { gone } = this.segments[seg]!;
      const start = this.start[seg]!;
      for (const doc of docs) if (!gone?.[doc]) candidates[n++] = start + doc;
    }
    return n;
  }

  /** Keep the first `n` candidates that the term's lists hold too (in place); returns how many. */
  private narrow(n: number, { lists }: TermPostings): number {
    const { candidates } = this;
    let kept = 0;
    let c = 0;
    for (const { seg, docs } of lists) {
      if (c >= n) break;
      const first = this.start[seg]!;
      const end = this.start[seg + 1]!;
      let p = 0;
      while (c < n && candidates[c]! < first) c++;
      for (; c < n && candidates[c]! < end; c++) {
        const local = candidates[c]! - first;
        p = gallop(docs, p, docs.length, local);
        if (p === docs.length) break;
        if (docs[p] === local) candidates[kept++] = candidates[c]!;
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
