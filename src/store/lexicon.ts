/**
 * BM25 over the lexical postings of several segments at once, with the statistics
 * of the whole index: document frequencies, document count and mean length count
 * live chunks only (a segment's deleted chunks are skipped wherever they sit), so
 * scores equal those of one segment built from the same live chunks.
 */
import type { Vocabulary } from './vocabulary.js';
import type { Bm25Params, LexicalStats, WeightedTerm } from './index-store.js';
import { TopK, type ScoredLabel } from './top-k.js';
import { bm25Idf } from '../util/idf.js';

/** b below the usual 0.75: long passages here are rarely padded, they hold more facts. */
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.5 };

/** Terms in more documents than this share are skipped by search (see there). */
export const MAX_DF_SHARE = 0.5;

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

/** One segment's scoring buffers, reused across searches. */
class Scratch {
  readonly scores: Float32Array;
  /** Documents scored by the current search (a typed buffer: pushing onto an array was ~40 ns per document). */
  readonly touched: Int32Array;
  /** Reused by dfAll: no allocation per call, however many phrases an expansion probes. */
  stamp: Uint32Array;
  stampBase = 0;
  norms?: Float32Array;
  normsFor: Bm25Params = { k1: 0, b: 0 };

  constructor(docs: number) {
    this.scores = new Float32Array(docs);
    this.touched = new Int32Array(docs);
    this.stamp = new Uint32Array(docs);
  }
}

export class Lexicon implements LexicalStats {
  readonly docCount: number;
  readonly avgDocLength: number;
  /** Scoring parameters; settable so evaluations can sweep them on one index. */
  params: Bm25Params = { ...DEFAULT_BM25 };
  private readonly scratch: Scratch[];
  /** Live df by term, when some segment has deletions (counting them scans the postings). */
  private readonly dfMemo?: Map<string, number>;

  constructor(private readonly segments: readonly LexicalSegment[]) {
    let count = 0;
    let total = 0;
    for (const { parts, gone } of segments) {
      parts.docLen.forEach((len, doc) => {
        if (len > 0 && !gone?.[doc]) {
          count++;
          total += len;
        }
      });
    }
    this.docCount = count;
    this.avgDocLength = count ? total / count : 0;
    this.scratch = segments.map((s) => new Scratch(s.parts.docLen.length));
    if (segments.some((s) => s.gone)) this.dfMemo = new Map();
  }

  /** Live documents containing the term. */
  df(term: string): number {
    const known = this.dfMemo?.get(term);
    if (known !== undefined) return known;
    let df = 0;
    for (const { parts, gone } of this.segments) {
      const t = parts.vocab.get(term);
      if (t === undefined) continue;
      const from = parts.offsets[t]!;
      const to = parts.offsets[t + 1]!;
      df += to - from;
      if (gone) for (let p = from; p < to; p++) df -= gone[parts.postDocs[p]!]!;
    }
    this.dfMemo?.set(term, df);
    return df;
  }

  /** Live documents containing every one of the terms (a tight bound on a phrase's df). */
  dfAll(terms: string[]): number {
    const unique = [...new Set(terms)];
    if (unique.length === 0) return 0;
    if (unique.length === 1) return this.df(unique[0]!);
    let n = 0;
    this.segments.forEach((s, i) => (n += this.segmentDfAll(s, this.scratch[i]!, unique)));
    return n;
  }

  private segmentDfAll({ parts, gone }: LexicalSegment, scratch: Scratch, terms: string[]): number {
    const { offsets, postDocs } = parts;
    const ids: number[] = [];
    for (const term of terms) {
      const t = parts.vocab.get(term);
      if (t === undefined) return 0;
      ids.push(t);
    }
    const len = (t: number) => offsets[t + 1]! - offsets[t]!;
    ids.sort((a, b) => len(a) - len(b));
    // Rarest list first; a per-document stamp says how many lists the document was in so far.
    if (scratch.stampBase > 0xffffffff - ids.length - 1) {
      scratch.stamp.fill(0);
      scratch.stampBase = 0;
    }
    const { stamp } = scratch;
    const base = scratch.stampBase;
    scratch.stampBase += ids.length + 1;
    let alive = 0;
    ids.forEach((t, i) => {
      alive = 0;
      for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
        const doc = postDocs[p]!;
        if (i === 0 ? !gone?.[doc] : stamp[doc] === base + i) {
          stamp[doc] = base + i + 1;
          alive++;
        }
      }
    });
    return alive;
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
    const known: { weight: number; df: number; term: string }[] = [];
    for (const { term, weight } of terms) {
      const df = weight > 0 ? this.df(term) : 0;
      if (df > 0) known.push({ weight, df, term });
    }
    const specific = known.filter(({ df }) => df <= MAX_DF_SHARE * this.docCount);
    const used = (specific.length > 0 ? specific : known).map(({ term, weight }) => ({ term, factor: this.idf(term) * weight * (this.params.k1 + 1) }));
    const top = new TopK(limit);
    this.segments.forEach((s, i) => this.scoreSegment(s, this.scratch[i]!, used, top, accept));
    return top.sorted();
  }

  private scoreSegment(
    { base, parts, gone }: LexicalSegment, scratch: Scratch, terms: { term: string; factor: number }[], top: TopK, accept?: (label: number) => boolean,
  ): void {
    const { offsets, postDocs, postTfs, vocab } = parts;
    const { scores, touched } = scratch;
    const norms = this.norms(parts, scratch);
    let n = 0;
    for (const { term, factor } of terms) {
      const id = vocab.get(term);
      if (id === undefined) continue;
      const end = offsets[id + 1]!;
      for (let p = offsets[id]!; p < end; p++) {
        const doc = postDocs[p]!;
        if (gone?.[doc]) continue;
        const tf = postTfs[p]!;
        if (scores[doc] === 0) touched[n++] = doc;
        scores[doc] = scores[doc]! + (factor * tf) / (tf + norms[doc]!);
      }
    }
    for (let i = 0; i < n; i++) {
      const doc = touched[i]!;
      if (!accept || accept(base + doc)) top.push(base + doc, scores[doc]!);
      scores[doc] = 0;
    }
  }

  /** Per-document length normalisation for the current params and the global mean length, computed once. */
  private norms(parts: LexicalParts, scratch: Scratch): Float32Array {
    const { k1, b } = this.params;
    if (!scratch.norms || scratch.normsFor.k1 !== k1 || scratch.normsFor.b !== b) {
      const avg = this.avgDocLength || 1;
      scratch.norms = Float32Array.from(parts.docLen, (len) => k1 * (1 - b + (b * len) / avg));
      scratch.normsFor = { k1, b };
    }
    return scratch.norms;
  }
}
