/**
 * Builds a LexicalIndex one document at a time, optionally on top of a previous
 * index minus deleted documents, so an incremental re-index only tokenises the
 * changed chunks and merges their postings in with typed-array copies. New
 * postings are gathered as flat (term, doc, tf) triples and bucketed by term once
 * at the end: no per-term arrays or per-document maps.
 */
import { LexicalIndex, type LexicalParts } from './lexical.js';
import { writeLexicalFiles } from './lexical-file.js';
import { Vocabulary } from './vocabulary.js';

class Growable<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Postings as views in order; consecutive ranges of one source array become one
 * view (a full build's new postings are a single stretch, an update's unchanged
 * previous postings a few long ones).
 */
class Pieces {
  readonly docs: Uint32Array[] = [];
  readonly tfs: Uint16Array[] = [];
  private src?: Uint32Array;
  private srcTfs?: Uint16Array;
  private from = 0;
  private to = 0;

  range(docs: Uint32Array, tfs: Uint16Array, from: number, to: number): void {
    if (to <= from) return;
    if (docs === this.src && from === this.to) {
      this.to = to;
      return;
    }
    this.flush();
    this.src = docs;
    this.srcTfs = tfs;
    this.from = from;
    this.to = to;
  }

  flush(): void {
    if (this.src && this.to > this.from) {
      this.docs.push(this.src.subarray(this.from, this.to));
      this.tfs.push(this.srcTfs!.subarray(this.from, this.to));
    }
    this.src = this.srcTfs = undefined;
  }
}

/** The previous index's postings and which of its documents are gone. */
interface Base {
  parts: LexicalParts;
  terms: number;
  gone?: Uint8Array;
}

export class LexicalBuilder {
  private readonly vocab: Vocabulary;
  private readonly newTerm = new Growable(new Uint32Array(1 << 12), (n) => new Uint32Array(n));
  private readonly newDoc = new Growable(new Uint32Array(1 << 12), (n) => new Uint32Array(n));
  private readonly newTf = new Growable(new Uint16Array(1 << 12), (n) => new Uint16Array(n));
  private readonly lens: number[];
  private ids = new Uint32Array(1024);
  /** Where each added document's postings start in the new-postings arrays. */
  private readonly docStarts: number[] = [];

  private constructor(private readonly base?: Base) {
    this.vocab = base?.parts.vocab ?? Vocabulary.empty();
    this.lens = base ? Array.from(base.parts.docLen, (len, label) => (base.gone?.[label] ? 0 : len)) : [];
  }

  static empty(): LexicalBuilder {
    return new LexicalBuilder();
  }

  /** Start from a previous index (which the builder takes over), keeping every document except `removed`. */
  static from(previous: LexicalIndex, removed: Iterable<number>): LexicalBuilder {
    const parts = previous.parts();
    let gone: Uint8Array | undefined;
    for (const label of removed) {
      if (label >= parts.docLen.length) continue;
      gone ??= new Uint8Array(parts.docLen.length);
      gone[label] = 1;
    }
    return new LexicalBuilder({ parts, terms: parts.vocab.size, gone });
  }

  get vocabulary(): Vocabulary {
    return this.vocab;
  }

  /** Number of documents added to this builder (not counting a previous index's). */
  get added(): number {
    return this.docStarts.length;
  }

  /** The k-th added document's distinct term ids (ascending) and their counts. */
  addedDoc(k: number): { ids: Uint32Array; tfs: Uint16Array } {
    const from = this.docStarts[k]!;
    const to = this.docStarts[k + 1] ?? this.newTerm.length;
    return { ids: this.newTerm.data.subarray(from, to), tfs: this.newTf.data.subarray(from, to) };
  }

  /** Per term id, in how many added documents it occurs. */
  addedDocFrequencies(): Uint32Array {
    const df = new Uint32Array(this.vocab.size);
    for (let i = 0; i < this.newTerm.length; i++) df[this.newTerm.data[i]!]!++;
    return df;
  }

  /** Add a document; labels must be added in increasing order, after any previous ones. */
  add(label: number, tokens: string[]): void {
    this.docStarts.push(this.newTerm.length);
    if (this.ids.length < tokens.length) this.ids = new Uint32Array(tokens.length * 2);
    const ids = this.ids.subarray(0, tokens.length);
    tokens.forEach((t, i) => (ids[i] = this.vocab.add(t)));
    ids.sort();
    for (let i = 0; i < ids.length; ) {
      let j = i + 1;
      while (j < ids.length && ids[j] === ids[i]) j++;
      this.push(ids[i]!, label, j - i);
      i = j;
    }
    this.lens[label] = tokens.length;
  }

  /**
   * Add documents from another segment's postings (a merge): each live document
   * `doc` of `parts` becomes label `relabel[doc]` (−1: dropped; increasing otherwise).
   */
  addFrom(parts: LexicalParts, relabel: Int32Array): void {
    const { offsets, postDocs, postTfs, docLen, vocab } = parts;
    const terms = Uint32Array.from({ length: vocab.size }, (_, t) => (offsets[t + 1]! > offsets[t]! ? this.vocab.add(vocab.term(t)) : 0));
    // Postings by document: count, then fill (terms come out ascending per document).
    const starts = new Uint32Array(docLen.length + 1);
    for (let p = 0; p < postDocs.length; p++) starts[postDocs[p]! + 1]!++;
    for (let d = 0; d < docLen.length; d++) starts[d + 1]! += starts[d]!;
    const cursor = starts.slice(0, docLen.length);
    const byDocTerm = new Uint32Array(postDocs.length);
    const byDocTf = new Uint16Array(postDocs.length);
    for (let t = 0; t < vocab.size; t++) {
      for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
        const at = cursor[postDocs[p]!]!++;
        byDocTerm[at] = terms[t]!;
        byDocTf[at] = postTfs[p]!;
      }
    }
    for (let doc = 0; doc < docLen.length; doc++) {
      const label = relabel[doc]!;
      if (label < 0) continue;
      this.docStarts.push(this.newTerm.length);
      for (let p = starts[doc]!; p < starts[doc + 1]!; p++) this.push(byDocTerm[p]!, label, byDocTf[p]!);
      this.lens[label] = docLen[doc]!;
    }
  }

  private push(term: number, label: number, tf: number): void {
    this.newTerm.push(term);
    this.newDoc.push(label);
    this.newTf.push(Math.min(tf, 65535));
  }

  /** The finished index, in memory. */
  finish(): LexicalIndex {
    const { offsets, docs, tfs, docLen } = this.merged();
    const postDocs = new Uint32Array(offsets[offsets.length - 1]!);
    const postTfs = new Uint16Array(postDocs.length);
    let at = 0;
    docs.forEach((piece, i) => {
      postDocs.set(piece, at);
      postTfs.set(tfs[i]!, at);
      at += piece.length;
    });
    return LexicalIndex.fromParts({ vocab: this.vocab, offsets, postDocs, postTfs, docLen });
  }

  /**
   * Write the finished index into `dir` (as LexicalIndex.save would) without
   * assembling it: unchanged stretches of the previous postings are written
   * straight from its arrays, so a small re-index of a large index does not
   * allocate and fill a copy of all of them.
   */
  async save(dir: string): Promise<void> {
    const { offsets, docs, tfs, docLen } = this.merged();
    let docCount = 0;
    for (const len of docLen) if (len > 0) docCount++;
    await writeLexicalFiles(dir, { vocab: this.vocab, offsets, postDocs: docs, postTfs: tfs, docLen, docCount });
  }

  /**
   * Per term: the surviving previous postings, then the new ones (higher labels, so
   * label order holds). Postings come as pieces in order: views of the previous
   * arrays for runs of terms with nothing removed or added, new arrays elsewhere.
   */
  private merged(): { offsets: Uint32Array; docs: Uint32Array[]; tfs: Uint16Array[]; docLen: Uint32Array } {
    const terms = this.vocab.size;
    const fresh = this.bucketNew(terms);
    const base = this.base;
    const baseTerms = base?.terms ?? 0;
    const gone = base?.gone;
    const { offsets: bo, postDocs: bd, postTfs: bt } = base?.parts ?? { offsets: new Uint32Array(1), postDocs: new Uint32Array(0), postTfs: new Uint16Array(0) };
    const offsets = new Uint32Array(terms + 1);
    const pieces = new Pieces();
    for (let t = 0; t < terms; t++) {
      const from = t < baseTerms ? bo[t]! : 0;
      const to = t < baseTerms ? bo[t + 1]! : 0;
      let removed = 0;
      if (gone) for (let p = from; p < to; p++) removed += gone[bd[p]!]!;
      const added = fresh.offsets[t + 1]! - fresh.offsets[t]!;
      offsets[t + 1] = offsets[t]! + (to - from) - removed + added;
      if (removed === 0) pieces.range(bd, bt, from, to);
      else {
        const keptDocs = new Uint32Array(to - from - removed);
        const keptTfs = new Uint16Array(keptDocs.length);
        let k = 0;
        for (let p = from; p < to; p++) {
          if (gone![bd[p]!]) continue;
          keptDocs[k] = bd[p]!;
          keptTfs[k++] = bt[p]!;
        }
        pieces.range(keptDocs, keptTfs, 0, k);
      }
      pieces.range(fresh.docs, fresh.tfs, fresh.offsets[t]!, fresh.offsets[t + 1]!);
    }
    pieces.flush();
    const docLen = Uint32Array.from({ length: this.lens.length }, (_, l) => this.lens[l] ?? 0);
    return { offsets, docs: pieces.docs, tfs: pieces.tfs, docLen };
  }

  /** New postings bucketed by term (a stable counting sort: labels stay in order). */
  private bucketNew(terms: number): { offsets: Uint32Array; docs: Uint32Array; tfs: Uint16Array } {
    const n = this.newTerm.length;
    const term = this.newTerm.data;
    const offsets = new Uint32Array(terms + 1);
    for (let i = 0; i < n; i++) offsets[term[i]! + 1]!++;
    for (let t = 0; t < terms; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, terms);
    const docs = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const at = cursor[term[i]!]!++;
      docs[at] = this.newDoc.data[i]!;
      tfs[at] = this.newTf.data[i]!;
    }
    return { offsets, docs, tfs };
  }
}

/** An index of the given documents (labels in increasing order). */
export function buildLexical(docs: Iterable<{ label: number; tokens: string[] }>): LexicalIndex {
  const b = LexicalBuilder.empty();
  for (const { label, tokens } of docs) b.add(label, tokens);
  return b.finish();
}
