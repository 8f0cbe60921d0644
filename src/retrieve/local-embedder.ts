/**
 * Built-in offline embedder: signed feature hashing of character n-grams and
 * English words, weighted by sublinear TF × IDF. The IDF comes from a document-
 * frequency sketch fitted on the corpus at full build and then frozen (stored with
 * the index), so incremental runs embed new chunks exactly as a full build would.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { normalizeForMatch } from '../text/normalize.js';
import { stemEnglish, isEnglishStopword } from '../text/tokenize.js';
import type { EmbedderInfo } from '../types.js';

export const LOCAL_MODEL = 'hash-ngram-tfidf-v1';
const SKETCH_BITS = 18;
const SKETCH_SIZE = 1 << SKETCH_BITS;

export interface LocalEmbedderState {
  model: string;
  dimensions: number;
  docs: number;
  /** base64 of a Uint32Array document-frequency sketch. */
  df: string;
}

interface Feature {
  key: string;
  weight: number;
}

/** FNV-1a 32-bit with a seed, over UTF-16 code units. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Weighted n-gram features of a text (counted, not deduplicated). */
export function features(text: string): Feature[] {
  const norm = normalizeForMatch(text);
  const out: Feature[] = [];
  for (const m of norm.matchAll(/(\p{Script=Han}+)|([a-z][a-z'\-]*)|(\d+(?:\.\d+)?)/gu)) {
    const [, han, latin, digits] = m;
    if (han) {
      for (let i = 0; i < han.length; i++) {
        out.push({ key: `1${han[i]}`, weight: 0.4 });
        if (i + 1 < han.length) out.push({ key: `2${han.slice(i, i + 2)}`, weight: 1 });
        if (i + 2 < han.length) out.push({ key: `3${han.slice(i, i + 3)}`, weight: 0.6 });
      }
    } else if (latin && !isEnglishStopword(latin)) {
      out.push({ key: `w${stemEnglish(latin)}`, weight: 1 });
    } else if (digits) {
      out.push({ key: `d${digits}`, weight: 1 });
    }
  }
  return out;
}

export class LocalEmbedder extends Embeddings {
  readonly dimensions: number;
  private df: Uint32Array;
  private docs: number;

  constructor(opts: { dimensions?: number; state?: LocalEmbedderState } & EmbeddingsParams = {}) {
    super(opts);
    this.dimensions = opts.state?.dimensions ?? opts.dimensions ?? 512;
    this.df = opts.state ? new Uint32Array(new Uint8Array(Buffer.from(opts.state.df, 'base64')).buffer) : new Uint32Array(SKETCH_SIZE);
    this.docs = opts.state?.docs ?? 0;
  }

  get info(): EmbedderInfo {
    return { kind: 'local', model: LOCAL_MODEL, dimensions: this.dimensions };
  }

  /** Fit document frequencies on a corpus sample (replaces any previous fit). */
  fit(texts: Iterable<string>): void {
    this.df = new Uint32Array(SKETCH_SIZE);
    this.docs = 0;
    for (const text of texts) {
      const seen = new Set<number>();
      for (const f of features(text)) seen.add(hash(f.key, 7) & (SKETCH_SIZE - 1));
      for (const b of seen) this.df[b]!++;
      this.docs++;
    }
  }

  /** Adopt a stored fit (incremental builds and queries must embed like the full build did). */
  load(state: LocalEmbedderState): void {
    if (state.dimensions !== this.dimensions) throw new Error(`local embedder state has ${state.dimensions} dimensions, expected ${this.dimensions}`);
    this.df = new Uint32Array(new Uint8Array(Buffer.from(state.df, 'base64')).buffer);
    this.docs = state.docs;
  }

  state(): LocalEmbedderState {
    return { model: LOCAL_MODEL, dimensions: this.dimensions, docs: this.docs, df: Buffer.from(this.df.buffer).toString('base64') };
  }

  private idf(key: string): number {
    const df = this.df[hash(key, 7) & (SKETCH_SIZE - 1)] ?? 0;
    return Math.log(1 + (this.docs + 1) / (df + 1));
  }

  embedText(text: string): number[] {
    const counts = new Map<string, { weight: number; tf: number }>();
    for (const f of features(text)) {
      const c = counts.get(f.key);
      if (c) c.tf++;
      else counts.set(f.key, { weight: f.weight, tf: 1 });
    }
    const v = new Float64Array(this.dimensions);
    for (const [key, { weight, tf }] of counts) {
      const h = hash(key, 13);
      const sign = h & 1 ? 1 : -1;
      v[(h >>> 1) % this.dimensions]! += sign * weight * (1 + Math.log(tf)) * this.idf(key);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedText(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }
}
