/**
 * BM25 over pre-tokenised documents, stored as flat typed arrays so a 100k-chunk
 * index loads in milliseconds: one vocab file plus one binary postings file.
 * Document ids are the same labels as the vector index uses.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface ScoredLabel {
  label: number;
  score: number;
}

const K1 = 1.2;
const B = 0.75;

export class LexicalIndex {
  private scratch: Float32Array;

  private constructor(
    private readonly vocab: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly postDocs: Uint32Array,
    private readonly postTfs: Uint16Array,
    private readonly docLen: Uint32Array,
    readonly docCount: number,
    private readonly avgLen: number,
  ) {
    this.scratch = new Float32Array(docLen.length);
  }

  static build(docs: Iterable<{ label: number; tokens: string[] }>): LexicalIndex {
    const postings = new Map<string, number[]>(); // term -> [label, tf, label, tf, ...]
    const lens: number[] = [];
    let count = 0;
    let total = 0;
    for (const { label, tokens } of docs) {
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        list.push(label, Math.min(n, 65535));
      }
      lens[label] = tokens.length;
      count++;
      total += tokens.length;
    }
    const vocab = new Map<string, number>();
    let size = 0;
    for (const list of postings.values()) size += list.length / 2;
    const offsets = new Uint32Array(postings.size + 1);
    const postDocs = new Uint32Array(size);
    const postTfs = new Uint16Array(size);
    let at = 0;
    let i = 0;
    for (const [term, list] of postings) {
      vocab.set(term, i);
      offsets[i] = at;
      for (let j = 0; j < list.length; j += 2) {
        postDocs[at] = list[j]!;
        postTfs[at] = list[j + 1]!;
        at++;
      }
      i++;
    }
    offsets[i] = at;
    const docLen = Uint32Array.from({ length: lens.length }, (_, l) => lens[l] ?? 0);
    return new LexicalIndex(vocab, offsets, postDocs, postTfs, docLen, count, count ? total / count : 0);
  }

  /** Number of documents containing the term. */
  df(term: string): number {
    const t = this.vocab.get(term);
    return t === undefined ? 0 : this.offsets[t + 1]! - this.offsets[t]!;
  }

  /** Robertson-Sparck Jones IDF, never negative. Unknown terms get the maximum. */
  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  search(terms: WeightedTerm[], limit: number, accept?: (label: number) => boolean): ScoredLabel[] {
    const scores = this.scratch;
    const touched: number[] = [];
    for (const { term, weight } of terms) {
      const t = this.vocab.get(term);
      if (t === undefined || weight <= 0) continue;
      const idf = this.idf(term) * weight;
      for (let p = this.offsets[t]!; p < this.offsets[t + 1]!; p++) {
        const doc = this.postDocs[p]!;
        const tf = this.postTfs[p]!;
        const norm = K1 * (1 - B + (B * this.docLen[doc]!) / this.avgLen);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (idf * tf * (K1 + 1)) / (tf + norm);
      }
    }
    const results: ScoredLabel[] = [];
    for (const doc of touched) {
      if (!accept || accept(doc)) results.push({ label: doc, score: scores[doc]! });
      scores[doc] = 0;
    }
    results.sort((a, b) => b.score - a.score || a.label - b.label);
    return results.slice(0, limit);
  }

  async save(dir: string): Promise<void> {
    const header = new Uint32Array([this.offsets.length, this.postDocs.length, this.docLen.length, this.docCount]);
    const parts = [header, this.offsets, this.postDocs, this.docLen, this.postTfs];
    await writeFile(join(dir, 'lexical.bin'), Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    await writeFile(join(dir, 'lexical-vocab.json'), JSON.stringify([...this.vocab.keys()]));
  }

  static async load(dir: string): Promise<LexicalIndex> {
    const [bin, vocabJson] = await Promise.all([readFile(join(dir, 'lexical.bin')), readFile(join(dir, 'lexical-vocab.json'), 'utf8')]);
    // Copy into an aligned buffer so typed-array views can be taken without per-element parsing.
    const buf = new ArrayBuffer(bin.byteLength);
    new Uint8Array(buf).set(bin);
    const [nOffsets, nPostings, nDocs, docCount] = new Uint32Array(buf, 0, 4);
    let at = 16;
    const take32 = (n: number) => {
      const a = new Uint32Array(buf, at, n);
      at += n * 4;
      return a;
    };
    const offsets = take32(nOffsets!);
    const postDocs = take32(nPostings!);
    const docLen = take32(nDocs!);
    const postTfs = new Uint16Array(buf, at, nPostings!);
    const terms = JSON.parse(vocabJson) as string[];
    const vocab = new Map<string, number>();
    terms.forEach((t, i) => vocab.set(t, i));
    let total = 0;
    for (const l of docLen) total += l;
    return new LexicalIndex(vocab, offsets, postDocs, postTfs, docLen, docCount!, docCount ? total / docCount! : 0);
  }
}
