/**
 * BM25 over the lexical postings of several segments at once, with the statistics
 * of the whole index: document frequencies, document count and mean length count
 * live chunks only (a segment's deleted chunks are skipped wherever they sit), so
 * scores equal those of one segment built from the same live chunks.
 *
 * The segments' documents are numbered into one space (segment after segment), so a
 * search scores every segment into one accumulator that lives as long as the
 * lexicon: no allocation per segment or per query beyond the top k.
 */
import type { Bm25Params, LexicalStats, WeightedTerm } from './index-store.js';
import { TopK, type ScoredLabel } from './top-k.js';
import { bm25Idf } from '../util/idf.js';
import { TermTable, type LexicalSegment, type TermPostings } from './term-table.js';

export { inMemory, type LexicalParts, type LexicalSegment, type PostingSource } from './term-table.js';

/** b below the usual 0.75: long passages here are rarely padded, they hold more facts. */
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.5 };

/** Terms in more documents than this share are skipped by search (see there). */
export const MAX_DF_SHARE = 0.5;

export class Lexicon implements LexicalStats {
  readonly docCount: number;
  readonly avgDocLength: number;
  /** Scoring parameters; settable so evaluations can sweep them on one index. */
  params: Bm25Params = { ...DEFAULT_BM25 };
  /** Each term's postings in every segment and its live df, looked up once per snapshot. */
  private readonly terms: TermTable;
  /** Label of each document of the joint numbering. */
  private readonly labelOf: Int32Array;
  /** The accumulator: a float32 partial score per document (0 between searches), and the documents the current search reached. */
  private readonly scores: Float32Array;
  private readonly touched: Int32Array;
  /** Per document: k1 × (1 − b + b × len / avg) for the current params; NaN when deleted. */
  private norms = new Float32Array(0);
  private normsFor: Bm25Params = { k1: 0, b: 0 };

  constructor(private readonly segments: readonly LexicalSegment[]) {
    this.terms = new TermTable(segments);
    this.labelOf = new Int32Array(this.terms.docs);
    let count = 0;
    let total = 0;
    segments.forEach(({ base, parts, gone }, seg) => {
      const start = this.terms.start[seg]!;
      parts.docLen.forEach((len, doc) => {
        this.labelOf[start + doc] = base + doc;
        if (len > 0 && !gone?.[doc]) {
          count++;
          total += len;
        }
      });
    });
    this.docCount = count;
    this.avgDocLength = count ? total / count : 0;
    this.scores = new Float32Array(this.terms.docs);
    this.touched = new Int32Array(this.terms.docs);
  }

  /** Live documents containing the term. */
  df(term: string): number {
    return this.terms.get(term)?.df ?? 0;
  }

  /** Live documents containing every one of the terms (a tight bound on a phrase's df). */
  dfAll(terms: string[]): number {
    return this.terms.dfAll(terms);
  }

  /** Robertson-Sparck Jones IDF, never negative. Unknown terms get the maximum. */
  idf(term: string): number {
    return bm25Idf(this.df(term), this.docCount);
  }

  /**
   * Top `limit` documents by BM25 (ties: lower label first). Terms in more than
   * MAX_DF_SHARE of the documents (common characters) are skipped unless nothing
   * else is left: they barely move a score, and their postings would dominate the
   * time on a large index.
   */
  search(terms: readonly WeightedTerm[], limit: number, accept?: (label: number) => boolean): ScoredLabel[] {
    const known: { weight: number; postings: TermPostings }[] = [];
    for (const { term, weight } of terms) {
      const postings = weight > 0 ? this.terms.get(term) : undefined;
      if (postings && postings.df > 0) known.push({ weight, postings });
    }
    const specific = known.filter(({ postings }) => postings.df <= MAX_DF_SHARE * this.docCount);
    const k1 = this.params.k1;
    const used = specific.length > 0 ? specific : known;
    this.updateNorms();
    let n = 0;
    // Term after term, as one segment built from the live chunks would: each document's float32 sum sees its terms in query order.
    for (const { weight, postings: { df, lists } } of used) {
      const factor = bm25Idf(df, this.docCount) * weight * (k1 + 1);
      for (const { seg, docs, tfs } of lists) n = this.accumulate(docs, tfs, this.terms.start[seg]!, factor, n);
    }
    return this.collect(n, limit, accept);
  }

  /**
   * Add one segment's list of a term (its documents numbered from `start`); returns the
   * new count of touched documents. A deleted document's norm is NaN: its score turns
   * NaN once and stays so (never counted as touched again, dropped by collect), so the
   * loop has no deletion test.
   */
  private accumulate(docs: Uint32Array, tfs: Uint16Array, start: number, factor: number, touchedSoFar: number): number {
    const { scores, touched, norms } = this;
    let n = touchedSoFar;
    for (let p = 0; p < docs.length; p++) {
      const doc = start + docs[p]!;
      const tf = tfs[p]!;
      const score = scores[doc]!;
      if (score === 0) touched[n++] = doc;
      scores[doc] = score + (factor * tf) / (tf + norms[doc]!);
    }
    return n;
  }

  /** The top `limit` of the touched documents (deleted and unaccepted ones left out); clears the accumulator. */
  private collect(n: number, limit: number, accept?: (label: number) => boolean): ScoredLabel[] {
    const { scores, touched, labelOf } = this;
    const top = new TopK(limit);
    for (let i = 0; i < n; i++) {
      const doc = touched[i]!;
      const score = scores[doc]!;
      scores[doc] = 0;
      if (score !== score) continue; // NaN: deleted
      const label = labelOf[doc]!;
      if (!accept || accept(label)) top.push(label, score);
    }
    return top.sorted();
  }

  /** Per-document length normalisation for the current params and the global mean length (NaN: deleted), computed once. */
  private updateNorms(): void {
    const { k1, b } = this.params;
    if (this.normsFor.k1 === k1 && this.normsFor.b === b) return;
    const avg = this.avgDocLength || 1;
    const norms = new Float32Array(this.terms.docs);
    this.segments.forEach(({ parts, gone }, seg) => {
      const start = this.terms.start[seg]!;
      parts.docLen.forEach((len, doc) => (norms[start + doc] = gone?.[doc] ? Number.NaN : k1 * (1 - b + (b * len) / avg)));
    });
    this.norms = norms;
    this.normsFor = { k1, b };
  }
}
