/**
 * BM25 over pre-tokenised documents, stored as flat typed arrays so a 100k-chunk
 * index loads in milliseconds: one vocab file plus one binary postings file.
 * Document ids are the same labels as the vector index uses.
 */
import type { Vocabulary } from './vocabulary.js';
import { readLexicalFiles, writeLexicalFiles } from './lexical-file.js';
import { TopK, type ScoredLabel } from './top-k.js';
import { bm25Idf } from '../util/idf.js';

export interface WeightedTerm {
  term: string;
  weight: number;
}

export type { ScoredLabel } from './top-k.js';

/** Postings of term id i are postDocs/postTfs[offsets[i] .. offsets[i + 1]), in label order. */
export interface LexicalParts {
  /** Term ↔ id; ids are 0..size-1. */
  vocab: Vocabulary;
  offsets: Uint32Array;
  postDocs: Uint32Array;
  postTfs: Uint16Array;
  /** Tokens per label; 0 for labels with no live document. */
  docLen: Uint32Array;
}

export interface Bm25Params {
  k1: number;
  b: number;
}

/** b below the usual 0.75: long passages here are rarely padded, they hold more facts. */
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.5 };

/** Terms in more documents than this share are skipped by search (see there). */
export const MAX_DF_SHARE = 0.5;

export class LexicalIndex {
  private scratch: Float32Array;
  /** Documents scored by the current search (a typed buffer: pushing onto an array was ~40 ns per document). */
  private touched: Int32Array;
  private norms?: Float32Array;
  private normsFor: Bm25Params = { k1: 0, b: 0 };
  /** Reused by dfAll: no allocation per call, however many phrases an expansion probes. */
  private stamp: Uint32Array;
  private stampBase = 0;
  /** Scoring parameters; settable so evaluations can sweep them on one index. */
  params: Bm25Params = { ...DEFAULT_BM25 };

  private constructor(
    private readonly vocab: Vocabulary,
    private readonly offsets: Uint32Array,
    private readonly postDocs: Uint32Array,
    private readonly postTfs: Uint16Array,
    private readonly docLen: Uint32Array,
    readonly docCount: number,
    private readonly avgLen: number,
  ) {
    this.scratch = new Float32Array(docLen.length);
    this.touched = new Int32Array(docLen.length);
    this.stamp = new Uint32Array(docLen.length);
  }

  /** An index from its arrays (see LexicalBuilder). */
  static fromParts(parts: LexicalParts): LexicalIndex {
    let count = 0;
    let total = 0;
    for (const len of parts.docLen) {
      if (len > 0) count++;
      total += len;
    }
    return new LexicalIndex(parts.vocab, parts.offsets, parts.postDocs, parts.postTfs, parts.docLen, count, count ? total / count : 0);
  }

  /** The arrays behind the index (shared, not copied: whoever modifies them owns this index from then on). */
  parts(): LexicalParts {
    return { vocab: this.vocab, offsets: this.offsets, postDocs: this.postDocs, postTfs: this.postTfs, docLen: this.docLen };
  }

  /** Number of documents containing the term. */
  df(term: string): number {
    const t = this.vocab.get(term);
    return t === undefined ? 0 : this.offsets[t + 1]! - this.offsets[t]!;
  }

  /** Number of documents containing every one of the terms (a tight bound on a phrase's df). */
  dfAll(terms: string[]): number {
    const ids: number[] = [];
    for (const term of new Set(terms)) {
      const t = this.vocab.get(term);
      if (t === undefined) return 0;
      ids.push(t);
    }
    if (ids.length === 0) return 0;
    const len = (t: number) => this.offsets[t + 1]! - this.offsets[t]!;
    ids.sort((a, b) => len(a) - len(b));
    if (ids.length === 1) return len(ids[0]!);
    // Rarest list first; a per-document stamp says how many lists the document was in so far.
    if (this.stampBase > 0xffffffff - ids.length - 1) {
      this.stamp.fill(0);
      this.stampBase = 0;
    }
    const base = this.stampBase;
    this.stampBase += ids.length + 1;
    let alive = 0;
    ids.forEach((t, i) => {
      alive = 0;
      for (let p = this.offsets[t]!; p < this.offsets[t + 1]!; p++) {
        const doc = this.postDocs[p]!;
        if (i === 0 || this.stamp[doc] === base + i) {
          this.stamp[doc] = base + i + 1;
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
   * Top `limit` documents by BM25. Terms in more than MAX_DF_SHARE of the documents
   * (common characters) are skipped unless nothing else is left: they barely move
   * a score, and their postings would dominate the time on a large index.
   */
  search(terms: WeightedTerm[], limit: number, accept?: (label: number) => boolean): ScoredLabel[] {
    const scores = this.scratch;
    const touched = this.touched;
    let n = 0;
    const { k1 } = this.params;
    const norms = this.docNorms();
    const { offsets, postDocs, postTfs } = this;
    const known: { id: number; weight: number; df: number; term: string }[] = [];
    for (const { term, weight } of terms) {
      const id = weight > 0 ? this.vocab.get(term) : undefined;
      if (id !== undefined) known.push({ id, weight, df: offsets[id + 1]! - offsets[id]!, term });
    }
    const specific = known.filter(({ df }) => df <= MAX_DF_SHARE * this.docCount);
    for (const { id, weight, term } of specific.length > 0 ? specific : known) {
      const idf = this.idf(term) * weight * (k1 + 1);
      const end = offsets[id + 1]!;
      for (let p = offsets[id]!; p < end; p++) {
        const doc = postDocs[p]!;
        const tf = postTfs[p]!;
        if (scores[doc] === 0) touched[n++] = doc;
        scores[doc] = scores[doc]! + (idf * tf) / (tf + norms[doc]!);
      }
    }
    const top = new TopK(limit);
    for (let i = 0; i < n; i++) {
      const doc = touched[i]!;
      if (!accept || accept(doc)) top.push(doc, scores[doc]!);
      scores[doc] = 0;
    }
    return top.sorted();
  }


  /** Per-document length normalisation for the current params, computed once. */
  private docNorms(): Float32Array {
    const { k1, b } = this.params;
    if (!this.norms || this.normsFor.k1 !== k1 || this.normsFor.b !== b) {
      const avg = this.avgLen || 1;
      this.norms = Float32Array.from(this.docLen, (len) => k1 * (1 - b + (b * len) / avg));
      this.normsFor = { k1, b };
    }
    return this.norms;
  }

  async save(dir: string): Promise<void> {
    await writeLexicalFiles(dir, { vocab: this.vocab, offsets: this.offsets, postDocs: [this.postDocs], postTfs: [this.postTfs], docLen: this.docLen, docCount: this.docCount });
  }

  static async load(dir: string): Promise<LexicalIndex> {
    const { vocab, offsets, postDocs, postTfs, docLen, docCount } = await readLexicalFiles(dir);
    let total = 0;
    for (const l of docLen) total += l;
    return new LexicalIndex(vocab, offsets, postDocs, postTfs, docLen, docCount, docCount ? total / docCount : 0);
  }
}
