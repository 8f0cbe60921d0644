/**
 * The vectors of a loaded index version: its HNSW graph (hnswlib-node), read from
 * hnswlib.index + args.json (the files VectorStoreBuilder writes, in LangChain
 * HNSWLib's layout). Searched by label, with a label filter applied inside the graph
 * walk; the chunk texts are looked up apart (ChunkTexts), only for the hits kept.
 * Why not LangChain's HNSWLib: see README "The index and re-indexing".
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';

export type Space = 'cosine' | 'l2' | 'ip';

/** args.json: what LangChain's HNSWLib.save writes beside the graph. */
export interface VectorArgs {
  space: Space;
  numDimensions: number;
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
export function graphFileProblem(dir: string, count: number, dimensions: number): string | undefined {
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

export class VectorIndex {
  private constructor(readonly graph: hnswlib.HierarchicalNSW, readonly args: VectorArgs) {}

  static async open(dir: string): Promise<VectorIndex> {
    // Synchronous (a few bytes), so that the graph's read starts on the thread pool at once.
    const args = JSON.parse(readFileSync(join(dir, ARGS_FILE), 'utf8')) as VectorArgs;
    const graph = new hnswlib.HierarchicalNSW(args.space, args.numDimensions);
    await graph.readIndex(join(dir, GRAPH_FILE));
    return new VectorIndex(graph, args);
  }

  /** Chunks deleted since the segment was written: in this reader's memory only (the file is immutable). */
  hide(labels: Iterable<number>): void {
    for (const label of labels) this.graph.markDelete(label);
  }

  /** The stored vector of a label (for merges). */
  point(label: number): number[] {
    return this.graph.getPoint(label);
  }

  /** The `n` nearest live chunks, best first; `ef` is the search breadth, `accept` filters labels during the walk. */
  knn(vector: number[], n: number, ef: number, accept?: (label: number) => boolean): Neighbour[] {
    this.graph.setEf(ef);
    const result = this.graph.searchKnn(vector, n, accept);
    return result.neighbors.map((label, i) => ({ label, score: 1 - result.distances[i]! }));
  }
}
