/**
 * The vectors of a loaded segment: its HNSW graph (hnswlib-node), read from
 * hnswlib.index + args.json (the files VectorStoreBuilder writes, in LangChain
 * HNSWLib's layout), or for a small segment its flat vectors (flat-vectors.ts).
 * Searched by label, with a label filter applied inside the graph walk; the chunk texts are looked up apart (ChunkTexts), only for the hits kept.
 * Why not LangChain's HNSWLib: see README "The index and re-indexing".
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { FlatVectors, flatFileProblem } from './flat-vectors.js';

export type Space = 'cosine' | 'l2' | 'ip';

/** args.json: what LangChain's HNSWLib.save writes beside the graph; `flat` marks a segment stored flat (flat-vectors.ts). */
export interface VectorArgs {
  space: Space;
  numDimensions: number;
  flat?: boolean;
}

/** A segment's vectors, in a graph or flat. */
export interface SegmentVectors {
  /** The HNSW graph, if the segment has one (bench/tuning.ts sweeps it). */
  readonly graph?: hnswlib.HierarchicalNSW;
  /** Chunks deleted since the segment was written: in this reader's memory only (the files are immutable). */
  hide(labels: Iterable<number>): void;
  /** The stored (unit-length) vector of a label (for merges and exact scoring). */
  point(label: number): number[];
  /** The `n` nearest live chunks, best first; `ef` is the search breadth, `accept` filters labels. */
  knn(vector: number[], n: number, ef: number, accept?: (label: number) => boolean): Neighbour[];
}

function readArgs(dir: string): VectorArgs {
  return JSON.parse(readFileSync(join(dir, ARGS_FILE), 'utf8')) as VectorArgs;
}

/** Open the vectors of the segment in `dir` whose labels start at `base`. */
export async function openVectors(dir: string, base: number): Promise<SegmentVectors> {
  // Synchronous (a few bytes), so that the vectors' read starts on the thread pool at once.
  const args = readArgs(dir);
  return args.flat ? FlatVectors.open(dir, args.numDimensions, base) : VectorIndex.open(dir, args);
}

/** Why the vector files in `dir` cannot hold `count` points of `dimensions` floats, or undefined when they can. */
export function vectorFileProblem(dir: string, count: number, dimensions: number): string | undefined {
  let args: VectorArgs;
  try {
    args = readArgs(dir);
  } catch (err) {
    return `${join(dir, ARGS_FILE)}: ${(err as Error).message}`;
  }
  return args.flat ? flatFileProblem(dir, count, dimensions) : graphFileProblem(dir, count, dimensions);
}

export const GRAPH_FILE = 'hnswlib.index';
export const ARGS_FILE = 'args.json';

export interface Neighbour {
  label: number;
  /** Cosine similarity (1 − distance). */
  score: number;
}

/** hnswlib's saveIndex header: six size_t, an int, a uint32, three size_t, a double, a size_t. */
const GRAPH_HEADER_BYTES = 96;

/**
 * Why the graph file in `dir` cannot hold `count` points of `dimensions` floats
 * (header and size, read in microseconds: an incremental run checks the graphs it
 * keeps without loading them), or undefined when it can.
 */
function graphFileProblem(dir: string, count: number, dimensions: number): string | undefined {
  const path = join(dir, GRAPH_FILE);
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return (err as Error).message;
  }
  try {
    const { size } = fstatSync(fd);
    const head = Buffer.alloc(GRAPH_HEADER_BYTES);
    const bytesRead = readSync(fd, head, 0, GRAPH_HEADER_BYTES, 0);
    if (bytesRead < GRAPH_HEADER_BYTES) return `${path}: ${size} bytes, shorter than a graph header`;
    const n = (at: number) => Number(head.readBigUInt64LE(at));
    const [elements, perElement, labelOffset, dataOffset] = [n(16), n(24), n(32), n(40)];
    if (elements !== count) return `${path}: holds ${elements} points, the manifest says ${count}`;
    if (labelOffset - dataOffset !== dimensions * 4 || perElement < labelOffset) return `${path}: not a graph of ${dimensions}-dimensional vectors`;
    // Level 0 of every point, then a 4-byte link-list size per point.
    if (size < GRAPH_HEADER_BYTES + elements * (perElement + 4)) return `${path}: truncated (${size} bytes)`;
    return undefined;
  } finally {
    closeSync(fd);
  }
}

class VectorIndex implements SegmentVectors {
  private constructor(readonly graph: hnswlib.HierarchicalNSW, readonly args: VectorArgs) {}

  static async open(dir: string, args: VectorArgs): Promise<VectorIndex> {
    const graph = new hnswlib.HierarchicalNSW(args.space, args.numDimensions);
    await graph.readIndex(join(dir, GRAPH_FILE));
    return new VectorIndex(graph, args);
  }

  hide(labels: Iterable<number>): void {
    for (const label of labels) this.graph.markDelete(label);
  }

  point(label: number): number[] {
    return this.graph.getPoint(label);
  }

  knn(vector: number[], n: number, ef: number, accept?: (label: number) => boolean): Neighbour[] {
    this.graph.setEf(ef);
    const result = this.graph.searchKnn(vector, n, accept);
    return result.neighbors.map((label, i) => ({ label, score: 1 - result.distances[i]! }));
  }
}
