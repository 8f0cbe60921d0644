/**
 * Built-in offline embedder, two parts in one unit vector:
 *  - latent (LSA): sublinear TF × IDF of character 1-2grams and English words,
 *    signed-hashed to 8192 buckets, projected on the top right singular vectors of
 *    the corpus's chunk × bucket matrix. Chunks about the same things land close
 *    even when they share few exact n-grams; that recall is what BM25 lacks.
 *  - sparse: the same weighted features signed-hashed straight to the remaining
 *    dimensions, which keeps exact-term precision the projection smooths away.
 * Document frequencies and the projection are fitted at full builds and frozen in
 * the index (meta.embedderState), so incremental runs embed exactly as a full
 * build would. Measurements: docs/EVAL.md.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { normalizeForMatch } from '../text/normalize.js';
import type { EmbedderInfo } from '../types.js';
import { rightSingularBasis, type SparseRows } from './lsa.js';
import { decodeInt8, kthSmallest, matchFormFeatures, termTable, BucketRow, SKETCH_SIZE, Weighted, type Feature, type FeatureCorpus } from './features.js';
import type { EmbedderState, FittedEmbedder } from './embedder.js';

export { termTable, type Feature, type FeatureCorpus } from './features.js';

export const LOCAL_MODEL = 'lsa-hash-v3';

/** Shape of the embedding; stored with the fit so a loaded index embeds the same way. */
export interface LocalEmbedderParams {
  /** Hash buckets the latent projection reads. */
  buckets: number;
  /** Latent dimensions (the rest of `dimensions` is the sparse part). */
  rank: number;
  /** Share of the squared norm given to the latent part. */
  share: number;
  /** Chunks the projection is fitted on: enough for the corpus's topics, bounded build time. */
  sample: number;
  powerIterations: number;
  /** The latent part reads only a chunk's heaviest features: they carry its topic, and the projection costs per feature. */
  latentFeatures: number;
}

export const DEFAULT_PARAMS: LocalEmbedderParams = { buckets: 8192, rank: 64, share: 0.5, sample: 3000, powerIterations: 1, latentFeatures: 100 };

export interface LocalEmbedderState {
  model: string;
  dimensions: number;
  docs: number;
  /** A Uint32Array document-frequency sketch: base64, or its bytes (a store may keep them binary). */
  df: string | Uint8Array;
  params?: LocalEmbedderParams;
  /** LSA projection: Int8Array buckets × rank (base64 or bytes), latent dimension j scaled by scales[j]. */
  projection?: { scales: number[]; data: string | Uint8Array };
}


export class LocalEmbedder extends Embeddings implements FittedEmbedder {
  readonly dimensions: number;
  private df = new Uint32Array(SKETCH_SIZE);
  private docs = 0;
  /**
   * buckets × rank as int8, latent dimension j scaled by scales[j]; undefined until
   * fitted (the latent part is then zero). Kept quantised: dequantising ~1.5 M
   * weights cost each incremental run ~8 ms, and the scale factors out of the sum.
   */
  private projection?: { q: Int8Array; scales: Float64Array };
  private params: LocalEmbedderParams;

  constructor(opts: { dimensions?: number; params?: Partial<LocalEmbedderParams>; state?: LocalEmbedderState } & EmbeddingsParams = {}) {
    super(opts);
    this.dimensions = opts.state?.dimensions ?? opts.dimensions ?? 256;
    this.params = { ...DEFAULT_PARAMS, ...opts.params };
    if (opts.state) this.load(opts.state);
    if (this.dimensions <= this.params.rank) throw new Error(`local embedder needs more than ${this.params.rank} dimensions`);
  }

  get info(): EmbedderInfo {
    return { kind: 'local', model: LOCAL_MODEL, dimensions: this.dimensions };
  }

  /** Fit document frequencies and the LSA projection on the corpus chunks (replaces any previous fit). */
  fit(texts: Iterable<string>): void {
    this.fitMatchForm([...texts].map(normalizeForMatch));
  }

  /** fit() on texts already in matching form. */
  fitMatchForm(texts: string[]): void {
    const ids = new Map<string, number>();
    const keys: string[] = [];
    const docs = texts.map((text) => {
      const features = matchFormFeatures(text);
      const doc = { ids: new Uint32Array(features.length), tfs: new Uint32Array(features.length) };
      features.forEach(({ key, tf }, i) => {
        let id = ids.get(key);
        if (id === undefined) ids.set(key, (id = keys.push(key) - 1));
        doc.ids[i] = id;
        doc.tfs[i] = tf;
      });
      return doc;
    });
    const dfs = () => {
      const df = new Uint32Array(keys.length);
      for (const doc of docs) for (const id of doc.ids) df[id]!++;
      return df;
    };
    this.fitCorpus({ size: docs.length, doc: (i) => docs[i]!, terms: termTable(keys.length, (id) => keys[id]!), dfs });
  }

  /** The fit itself: a df sketch from exact document frequencies, and LSA on an evenly spaced sample. */
  fitCorpus(corpus: FeatureCorpus): void {
    this.df = new Uint32Array(SKETCH_SIZE);
    this.docs = corpus.size;
    const dfs = corpus.dfs();
    for (let id = 0; id < dfs.length; id++) {
      const slot = corpus.terms.dfSlot[id]!;
      this.df[slot] = this.df[slot]! + dfs[id]!;
    }
    this.projection = undefined;
    // An evenly spaced sample keeps the fit deterministic and bounded on big corpora.
    const { buckets, rank, sample, powerIterations } = this.params;
    const step = Math.max(1, Math.ceil(corpus.size / sample));
    const rowPtr: number[] = [0];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < corpus.size; i += step) {
      const row = this.latentBuckets(this.weighDoc(corpus, i));
      let norm = 0;
      for (let k = 0; k < row.n; k++) norm += row.values[row.buckets[k]!]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (const c of row.buckets.subarray(0, row.n).sort()) {
        cols.push(c);
        vals.push(row.values[c]! / norm);
      }
      row.clear();
      rowPtr.push(cols.length);
    }
    if (cols.length === 0) return;
    const x: SparseRows = { rowPtr: Uint32Array.from(rowPtr), cols: Uint32Array.from(cols), vals: Float32Array.from(vals), width: buckets };
    this.projection = quantise(rightSingularBasis(x, rank, { seed: 1, powerIterations }), rank);
  }

  /** Adopt a stored fit (incremental builds and queries must embed like the full build did). */
  load(state: LocalEmbedderState): void {
    if (state.model !== LOCAL_MODEL) {
      throw new Error(`the index was built with local embedder ${state.model}, this version uses ${LOCAL_MODEL}; re-index with \`npm run index -- --full\``);
    }
    if (state.dimensions !== this.dimensions) throw new Error(`local embedder state has ${state.dimensions} dimensions, expected ${this.dimensions}`);
    const df = typeof state.df === 'string' ? Buffer.from(state.df, 'base64') : state.df;
    this.df = new Uint32Array(new Uint8Array(df).buffer);
    this.docs = state.docs;
    this.params = { ...DEFAULT_PARAMS, ...state.params };
    this.projection = undefined;
    if (state.projection) {
      const { scales, data } = state.projection;
      this.projection = { q: decodeInt8(data), scales: Float64Array.from(scales) };
    }
  }

  state(): LocalEmbedderState {
    const state: LocalEmbedderState = {
      model: LOCAL_MODEL, dimensions: this.dimensions, docs: this.docs, df: Buffer.from(this.df.buffer).toString('base64'), params: this.params,
    };
    if (this.projection) {
      const { q, scales } = this.projection;
      state.projection = { scales: Array.from(scales), data: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64') };
    }
    return state;
  }

  private readonly scratch = new Weighted();
  private bucketRow?: BucketRow;

  /** Sublinear TF × IDF of one feature. */
  private weight(tf: number, dfSlot: number): number {
    return (1 + Math.log(tf)) * Math.log(1 + (this.docs + 1) / (this.df[dfSlot]! + 1));
  }

  private weighFeatures(features: Feature[]): Weighted {
    const d = this.scratch;
    d.reset(features.length, (i) => features[i]!.key);
    features.forEach(({ tf, hashes }, i) => {
      d.w[i] = this.weight(tf, hashes.df);
      d.sparse[i] = hashes.sparse;
      d.latent[i] = hashes.latent;
    });
    return d;
  }

  private weighDoc(corpus: FeatureCorpus, i: number): Weighted {
    const { ids, tfs } = corpus.doc(i);
    const { dfSlot, sparse, latent, key } = corpus.terms;
    const d = this.scratch;
    d.reset(ids.length, (k) => key(ids[k]!));
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      d.w[k] = this.weight(tfs[k]!, dfSlot[id]!);
      d.sparse[k] = sparse[id]!;
      d.latent[k] = latent[id]!;
    }
    return d;
  }

  private selectScratch = new Float64Array(256);

  /**
   * Indexes of the `n` heaviest features, in feature order, then those tied at the
   * cut-off by key (for determinism). The cut-off is found by selection, not a sort.
   */
  private heaviest(d: Weighted, n: number): number[] {
    const out: number[] = [];
    if (d.n <= n) {
      for (let i = 0; i < d.n; i++) out.push(i);
      return out;
    }
    if (this.selectScratch.length < d.n) this.selectScratch = new Float64Array(2 * d.n);
    const a = this.selectScratch.subarray(0, d.n);
    a.set(d.w.subarray(0, d.n));
    const cut = kthSmallest(a, d.n - n);
    const tied: number[] = [];
    for (let i = 0; i < d.n; i++) {
      if (d.w[i]! > cut) out.push(i);
      else if (d.w[i] === cut) tied.push(i);
    }
    tied.sort((x, y) => (d.key(x) < d.key(y) ? -1 : 1));
    for (let t = 0; out.length < n && t < tied.length; t++) out.push(tied[t]!);
    return out;
  }

  /** The heaviest features signed-hashed into the latent buckets (a reused row: clear() it after use). */
  private latentBuckets(d: Weighted): BucketRow {
    const row = (this.bucketRow ??= new BucketRow(this.params.buckets));
    for (const i of this.heaviest(d, this.params.latentFeatures)) {
      const h = d.latent[i]!;
      row.add((h >>> 1) % this.params.buckets, h & 1 ? d.w[i]! : -d.w[i]!);
    }
    return row;
  }

  embedText(text: string): number[] {
    return this.embedMatchForm(normalizeForMatch(text));
  }

  /** embedText() of text already in matching form. */
  embedMatchForm(text: string): number[] {
    return this.embedFeatures(matchFormFeatures(text));
  }

  /** The embedding of a text given as its features (see matchFormFeatures). */
  embedFeatures(features: Feature[]): number[] {
    return this.embedWeighted(this.weighFeatures(features));
  }

  /** The embedding of document i of the corpus this embedder was fitted on (a full build). */
  embedDoc(corpus: FeatureCorpus, i: number): number[] {
    return this.embedWeighted(this.weighDoc(corpus, i));
  }

  private embedWeighted(d: Weighted): number[] {
    const { rank, share } = this.params;
    const v = new Float64Array(this.dimensions);
    const width = this.dimensions - rank;
    for (let i = 0; i < d.n; i++) {
      const h = d.sparse[i]!;
      v[rank + ((h >>> 1) % width)]! += h & 1 ? d.w[i]! : -d.w[i]!;
    }
    if (this.projection) {
      const { q, scales } = this.projection;
      const row = this.latentBuckets(d);
      for (let k = 0; k < row.n; k++) {
        const b = row.buckets[k]!;
        const w = row.values[b]!;
        const o = b * rank;
        for (let j = 0; j < rank; j++) v[j] = v[j]! + w * q[o + j]!;
      }
      row.clear();
      for (let j = 0; j < rank; j++) v[j] = v[j]! * scales[j]!;
    }
    // Each part to unit length, then mixed by share: cosine = share·latent + (1 − share)·sparse.
    let latent = 0;
    let sparse = 0;
    for (let j = 0; j < rank; j++) latent += v[j]! ** 2;
    for (let j = rank; j < this.dimensions; j++) sparse += v[j]! ** 2;
    const a = latent > 0 ? Math.sqrt(share / latent) : 0;
    const b = sparse > 0 ? Math.sqrt((latent > 0 ? 1 - share : 1) / sparse) : 0;
    return Array.from(v, (x, j) => x * (j < rank ? a : b));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedText(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }
}

/**
 * int8 with a scale per latent dimension: a quarter of the size, no measurable loss.
 * A fit embeds with the quantised basis from the start, exactly as a reload will.
 */
function quantise(basis: Float32Array, rank: number): { q: Int8Array; scales: Float64Array } {
  const scales = new Float64Array(rank);
  basis.forEach((v, i) => (scales[i % rank] = Math.max(scales[i % rank]!, Math.abs(v) / 127)));
  const q = Int8Array.from(basis, (v, i) => Math.round(v / (scales[i % rank] || 1)));
  return { q, scales };
}

/** The local embedder as an index stored it (meta.embedderState). */
export function loadLocalEmbedder(state: EmbedderState): LocalEmbedder {
  return new LocalEmbedder({ state: state as LocalEmbedderState });
}
