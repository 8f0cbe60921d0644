/**
 * The vectors of a small segment, stored flat (`vectors.f32`: unit-length float32
 * vectors in label order) and searched exactly, as Lucene does for small segments.
 * An HNSW graph costs ~8 ms to create or open whatever its size (hnswlib sets up 65,536
 * label locks), a large share of an incremental run that adds a handful of chunks,
 * while scoring a few hundred vectors takes well under a millisecond.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readWhole, writeParts } from '../util/bytes.js';

export const FLAT_FILE = 'vectors.f32';

/** Segments with at most this many chunks are stored flat (see above). */
export const FLAT_LIMIT = 512;

/** Write `vectors` (consecutive points of `dimensions` floats) normalised, as the cosine graph would store them. */
export async function writeFlat(dir: string, chunks: Float32Array[], dimensions: number): Promise<void> {
  for (const block of chunks) {
    for (let at = 0; at < block.length; at += dimensions) {
      let norm = 0;
      for (let i = at; i < at + dimensions; i++) norm += block[i]! ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = at; i < at + dimensions; i++) block[i] = block[i]! * scale;
    }
  }
  await writeParts(join(dir, FLAT_FILE), chunks);
}

/** Why the flat file in `dir` cannot hold `count` points of `dimensions` floats, or undefined. */
export function flatFileProblem(dir: string, count: number, dimensions: number): string | undefined {
  const path = join(dir, FLAT_FILE);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    return (err as Error).message;
  }
  return size === count * dimensions * 4 ? undefined : `${path}: ${size} bytes, expected ${count} vectors of ${dimensions} floats`;
}

/** A scored label, as vectors.ts's Neighbour (declared here too: vectors.ts imports this file). */
interface Scored {
  label: number;
  score: number;
}

export class FlatVectors {
  private readonly deleted: Uint8Array;

  private constructor(private readonly data: Float32Array, private readonly dimensions: number, private readonly base: number) {
    this.deleted = new Uint8Array(data.length / dimensions);
  }

  static async open(dir: string, dimensions: number, base: number): Promise<FlatVectors> {
    const bytes = await readWhole(join(dir, FLAT_FILE));
    if (bytes.byteLength % (dimensions * 4) !== 0) throw new Error(`${join(dir, FLAT_FILE)}: ${bytes.byteLength} bytes is not a whole number of ${dimensions}-float vectors`);
    return new FlatVectors(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), dimensions, base);
  }

  hide(labels: Iterable<number>): void {
    for (const label of labels) this.deleted[label - this.base] = 1;
  }

  point(label: number): number[] {
    const at = (label - this.base) * this.dimensions;
    return Array.from(this.data.subarray(at, at + this.dimensions));
  }

  /** Every live, accepted vector scored; `ef` is irrelevant to an exact search. */
  knn(vector: number[], n: number, _ef: number, accept?: (label: number) => boolean): Scored[] {
    const norm = Math.hypot(...vector) || 1;
    const scored: Scored[] = [];
    for (let local = 0; local < this.deleted.length; local++) {
      const label = this.base + local;
      if (this.deleted[local] || (accept && !accept(label))) continue;
      let dot = 0;
      const at = local * this.dimensions;
      for (let i = 0; i < this.dimensions; i++) dot += this.data[at + i]! * vector[i]!;
      scored.push({ label, score: dot / norm });
    }
    return scored.sort((a, b) => b.score - a.score || a.label - b.label).slice(0, n);
  }
}
