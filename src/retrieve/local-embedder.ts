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
import { stemEnglish, isEnglishStopword } from '../text/tokenize.js';
import type { EmbedderInfo } from '../types.js';
import { rightSingularBasis, type SparseRows } from './lsa.js';
import { fnv1a as hash } from '../util/hash.js';

export const LOCAL_MODEL = 'lsa-hash-v2';
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

/** Feature keys of a text with counts: Han characters and bigrams, English words, numbers. */
export function features(text: string): Map<string, number> {
  return matchFormFeatures(normalizeForMatch(text));
}

/** features() of text already in matching form (normalizeForMatch). */
function matchFormFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const m of text.matchAll(/(\p{Script=Han}+)|([a-z][a-z'\-]*)|(\d+(?:\.\d+)?)/gu)) {
    const [, han, latin, digits] = m;
    if (han) {
      const chars = [...han];
      for (let i = 0; i < chars.length; i++) {
        add(chars[i]!);
        if (i + 1 < chars.length) add(chars[i]! + chars[i + 1]!);
      }
    } else if (latin && !isEnglishStopword(latin)) add(`w${stemEnglish(latin)}`);
    else if (digits) add(`d${digits}`);
  }
  return counts;
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

  /** fit() on texts already in matching form (the indexer normalises each chunk once for every use). */
  fitMatchForm(all: string[]): void {
    this.df = new Uint32Array(SKETCH_SIZE);
    this.docs = all.length;
    for (const text of all) {
      const seen = new Set<number>();
      for (const key of matchFormFeatures(text).keys()) seen.add(hash(key, 7) & (SKETCH_SIZE - 1));
      for (const b of seen) this.df[b]!++;
    }
    this.projection = undefined;
    // An evenly spaced sample keeps the fit deterministic and bounded on big corpora.
    const { buckets, rank, sample, powerIterations } = this.params;
    const step = Math.max(1, Math.ceil(all.length / sample));
    const rowPtr: number[] = [0];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < all.length; i += step) {
      const row = LocalEmbedder.bucketize(LocalEmbedder.heaviest(this.weights(all[i]!), this.params.latentFeatures), buckets, 29);
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

  private idf(key: string): number {
    const df = this.df[hash(key, 7) & (SKETCH_SIZE - 1)] ?? 0;
    return Math.log(1 + (this.docs + 1) / (df + 1));
  }

  /** Sublinear TF × IDF of each feature of matching-form text. */
  private weights(text: string): { key: string; w: number }[] {
    return [...matchFormFeatures(text)].map(([key, tf]) => ({ key, w: (1 + Math.log(tf)) * this.idf(key) }));
  }

  /** The `n` heaviest weighted features (ties by key, for determinism). */
  private static heaviest(weights: { key: string; w: number }[], n: number): { key: string; w: number }[] {
    if (weights.length <= n) return weights;
    return [...weights].sort((a, b) => b.w - a.w || (a.key < b.key ? -1 : 1)).slice(0, n);
  }

  /** Weighted features signed-hashed into `width` buckets. */
  private static bucketize(weights: { key: string; w: number }[], width: number, seed: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const { key, w } of weights) {
      const h = hash(key, seed);
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
    const { rank, buckets, share } = this.params;
    const v = new Float64Array(this.dimensions);
    const weights = this.weights(text);
    for (const [b, w] of LocalEmbedder.bucketize(weights, this.dimensions - rank, 13)) v[rank + b] = w;
    if (this.projection) {
      for (const [b, w] of LocalEmbedder.bucketize(LocalEmbedder.heaviest(weights, this.params.latentFeatures), buckets, 29)) {
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
