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
import { tokenize } from '../text/tokenize.js';
import type { EmbedderInfo } from '../types.js';
import { rightSingularBasis, type SparseRows } from './lsa.js';
import { fnv1a as hash } from '../util/hash.js';

export const LOCAL_MODEL = 'lsa-hash-v3';
const SKETCH_BITS = 18;
const SKETCH_SIZE = 1 << SKETCH_BITS;

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
  /** base64 of a Uint32Array document-frequency sketch. */
  df: string;
  params?: LocalEmbedderParams;
  /** LSA projection: base64 Int8Array buckets × rank, latent dimension j scaled by scales[j]. */
  projection?: { scales: number[]; data: string };
}

/** The hashes of a feature key the embedder reads: df sketch slot, sparse and latent buckets with sign. */
export interface KeyHashes {
  df: number;
  sparse: number;
  latent: number;
}

export function keyHashes(key: string): KeyHashes {
  return { df: hash(key, 7) & (SKETCH_SIZE - 1), sparse: hash(key, 13), latent: hash(key, 29) };
}

/** One feature of a text: a lexical token (Han character or bigram, English stem, number) and its count. */
export interface Feature {
  key: string;
  tf: number;
  hashes: KeyHashes;
}

/**
 * Features of text in matching form (normalizeForMatch): exactly its BM25 tokens, so
 * the indexer can derive them from the lexical index it builds anyway (FeatureCorpus).
 */
export function matchFormFeatures(text: string): Feature[] {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return Array.from(counts, ([key, tf]) => ({ key, tf, hashes: keyHashes(key) }));
}

/** Documents as features, plus their exact document frequencies (what a fit reads). */
export interface FeatureCorpus {
  size: number;
  doc(i: number): Feature[];
  /** Every distinct key's hashes with the number of documents containing it. */
  forEachDf(fn: (hashes: KeyHashes, df: number) => void): void;
}

interface Weighted {
  key: string;
  w: number;
  hashes: KeyHashes;
}

function decodeInt8(b64: string): Int8Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class LocalEmbedder extends Embeddings {
  readonly dimensions: number;
  private df = new Uint32Array(SKETCH_SIZE);
  private docs = 0;
  /** buckets × rank, dequantised; undefined until fitted (the latent part is then zero). */
  private projection?: Float32Array;
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
    const docs = texts.map(matchFormFeatures);
    const dfs = new Map<string, { hashes: KeyHashes; df: number }>();
    for (const doc of docs) for (const f of doc) (dfs.get(f.key) ?? dfs.set(f.key, { hashes: f.hashes, df: 0 }).get(f.key)!).df++;
    this.fitCorpus({ size: docs.length, doc: (i) => docs[i]!, forEachDf: (fn) => dfs.forEach((d) => fn(d.hashes, d.df)) });
  }

  /** The fit itself: a df sketch from exact document frequencies, and LSA on an evenly spaced sample. */
  fitCorpus(corpus: FeatureCorpus): void {
    this.df = new Uint32Array(SKETCH_SIZE);
    this.docs = corpus.size;
    corpus.forEachDf((hashes, df) => (this.df[hashes.df] = this.df[hashes.df]! + df));
    this.projection = undefined;
    // An evenly spaced sample keeps the fit deterministic and bounded on big corpora.
    const { buckets, rank, sample, powerIterations } = this.params;
    const step = Math.max(1, Math.ceil(corpus.size / sample));
    const rowPtr: number[] = [0];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < corpus.size; i += step) {
      const row = LocalEmbedder.bucketize(LocalEmbedder.heaviest(this.weights(corpus.doc(i)), this.params.latentFeatures), buckets, 'latent');
      let norm = 0;
      for (const v of row.values()) norm += v * v;
      norm = Math.sqrt(norm) || 1;
      for (const [c, v] of [...row].sort((a, b) => a[0] - b[0])) {
        cols.push(c);
        vals.push(v / norm);
      }
      rowPtr.push(cols.length);
    }
    if (cols.length === 0) return;
    const x: SparseRows = { rowPtr: Uint32Array.from(rowPtr), cols: Uint32Array.from(cols), vals: Float32Array.from(vals), width: buckets };
    this.projection = rightSingularBasis(x, rank, { seed: 1, powerIterations });
  }

  /** Adopt a stored fit (incremental builds and queries must embed like the full build did). */
  load(state: LocalEmbedderState): void {
    if (state.model !== LOCAL_MODEL) {
      throw new Error(`the index was built with local embedder ${state.model}, this version uses ${LOCAL_MODEL}; re-index with \`npm run index -- --full\``);
    }
    if (state.dimensions !== this.dimensions) throw new Error(`local embedder state has ${state.dimensions} dimensions, expected ${this.dimensions}`);
    const df = Buffer.from(state.df, 'base64');
    this.df = new Uint32Array(new Uint8Array(df).buffer);
    this.docs = state.docs;
    this.params = { ...DEFAULT_PARAMS, ...state.params };
    this.projection = undefined;
    if (state.projection) {
      const { scales, data } = state.projection;
      const rank = this.params.rank;
      const q = decodeInt8(data);
      const projection = new Float32Array(q.length);
      for (let i = 0; i < q.length; i++) projection[i] = q[i]! * scales[i % rank]!;
      this.projection = projection;
    }
  }

  state(): LocalEmbedderState {
    const state: LocalEmbedderState = {
      model: LOCAL_MODEL, dimensions: this.dimensions, docs: this.docs, df: Buffer.from(this.df.buffer).toString('base64'), params: this.params,
    };
    if (this.projection) {
      // int8 with a scale per latent dimension: a quarter of the size, no measurable loss.
      const rank = this.params.rank;
      const scales = new Array<number>(rank).fill(0);
      this.projection.forEach((v, i) => (scales[i % rank] = Math.max(scales[i % rank]!, Math.abs(v) / 127)));
      const q = Int8Array.from(this.projection, (v, i) => Math.round(v / (scales[i % rank] || 1)));
      state.projection = { scales, data: Buffer.from(q.buffer).toString('base64') };
      this.load(state); // embed with the quantised projection from now on, exactly as a reload would
    }
    return state;
  }

  /** Sublinear TF × IDF of each feature. */
  private weights(features: Feature[]): Weighted[] {
    const n = this.docs + 1;
    return features.map(({ key, tf, hashes }) => ({ key, hashes, w: (1 + Math.log(tf)) * Math.log(1 + n / (this.df[hashes.df]! + 1)) }));
  }

  /**
   * The `n` heaviest weighted features (ties by key, for determinism). A typed sort
   * of the weights finds the cut-off; only features tied at it are compared by key.
   */
  private static heaviest(weights: Weighted[], n: number): Weighted[] {
    if (weights.length <= n) return weights;
    const sorted = Float64Array.from(weights, (f) => f.w).sort();
    const cut = sorted[sorted.length - n]!;
    const above = weights.filter((f) => f.w > cut);
    const tied = weights.filter((f) => f.w === cut).sort((a, b) => (a.key < b.key ? -1 : 1));
    return above.concat(tied.slice(0, n - above.length));
  }

  /** Weighted features signed-hashed into `width` buckets. */
  private static bucketize(weights: Weighted[], width: number, part: 'sparse' | 'latent'): Map<number, number> {
    const out = new Map<number, number>();
    for (const { w, hashes } of weights) {
      const h = hashes[part];
      const bucket = (h >>> 1) % width;
      out.set(bucket, (out.get(bucket) ?? 0) + (h & 1 ? w : -w));
    }
    return out;
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
    const { rank, buckets, share } = this.params;
    const v = new Float64Array(this.dimensions);
    const weights = this.weights(features);
    const width = this.dimensions - rank;
    for (const { w, hashes } of weights) v[rank + ((hashes.sparse >>> 1) % width)]! += hashes.sparse & 1 ? w : -w;
    if (this.projection) {
      for (const [b, w] of LocalEmbedder.bucketize(LocalEmbedder.heaviest(weights, this.params.latentFeatures), buckets, 'latent')) {
        const o = b * rank;
        for (let j = 0; j < rank; j++) v[j] = v[j]! + w * this.projection[o + j]!;
      }
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
