/**
 * Writes the vector part of a segment in LangChain HNSWLib's on-disk layout
 * (hnswlib.index + args.json + docstore.json, one `["label",{pageContent,metadata}]`
 * entry per line), or for a small segment its vectors flat in place of the graph
 * (flat-vectors.ts). The graph lives in hnsw-graph.ts; new graphs get our HNSW
 * parameters, which LangChain's addVectors cannot pass. Labels are the index's
 * global chunk labels, consecutive from the segment's base.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InlineGraph, WorkerGraph, type HnswGraph } from './hnsw-graph.js';
import { writeLines } from './lines.js';
import { CHUNKS_FILE } from './chunk-texts.js';
import { ARGS_FILE, GRAPH_FILE } from './vectors.js';
import { FLAT_LIMIT, writeFlat } from './flat-vectors.js';

export interface ChunkRecord {
  articleId: string;
  ordinal: number;
  text: string;
}

export interface VectorStoreOptions {
  /** At most this many chunks are stored flat, without a graph (flat-vectors.ts). */
  flatLimit?: number;
}

export class VectorStoreBuilder {
  private readonly lines: string[] = [];
  private next: number;
  /** The vectors added while there is no graph (the segment may stay flat). */
  private pending: { vectors: Float32Array; start: number }[] = [];

  private constructor(private graph: HnswGraph | undefined, private readonly dimensions: number, readonly base: number, private readonly flatLimit: number) {
    this.next = base;
  }

  /**
   * An empty store with room for `capacity` points, labelled from `base`: flat while it
   * holds at most `flatLimit`, else a graph, built on a worker thread when large
   * (insertion then overlaps embedding), inline when small.
   */
  static async create(dimensions: number, capacity: number, base = 0, opts: VectorStoreOptions = {}): Promise<VectorStoreBuilder> {
    const flatLimit = opts.flatLimit ?? FLAT_LIMIT;
    const graph = capacity <= flatLimit ? undefined : capacity > 2000 ? await WorkerGraph.create(dimensions, capacity) : InlineGraph.create(dimensions, capacity);
    return new VectorStoreBuilder(graph, dimensions, base, flatLimit);
  }

  /** Points added so far. */
  get count(): number {
    return this.next - this.base;
  }

  /** Add vectors with their chunks; returns the label of the first one (labels are consecutive). */
  add(vectors: readonly (readonly number[])[], chunks: readonly ChunkRecord[]): number {
    const start = this.next;
    const flat = new Float32Array(vectors.length * this.dimensions);
    vectors.forEach((v, i) => {
      if (v.length !== this.dimensions) throw new Error(`embedding has ${v.length} dimensions, expected ${this.dimensions}`);
      flat.set(v, i * this.dimensions);
      const c = chunks[i]!;
      this.lines.push(JSON.stringify([String(start + i), { pageContent: c.text, metadata: { articleId: c.articleId, ordinal: c.ordinal } }]));
    });
    this.next += vectors.length;
    this.pending.push({ vectors: flat, start });
    // Outgrew flat storage: the graph takes every vector so far.
    if (!this.graph && this.count > this.flatLimit) this.graph = InlineGraph.create(this.dimensions, this.count);
    if (this.graph) {
      for (const p of this.pending) this.graph.add(p.vectors, p.start);
      this.pending = [];
    }
    return start;
  }

  /** Wait for the graph, write the vectors, args.json and the texts into `dir`, and release the graph. */
  async save(dir: string): Promise<void> {
    const args = { space: 'cosine', numDimensions: this.dimensions, ...(this.graph ? {} : { flat: true }) };
    try {
      await Promise.all([
        this.graph ? this.graph.save(join(dir, GRAPH_FILE)) : writeFlat(dir, this.pending.map((p) => p.vectors), this.dimensions),
        writeFile(join(dir, ARGS_FILE), JSON.stringify(args)),
        writeLines(join(dir, CHUNKS_FILE), this.lines),
      ]);
    } finally {
      await this.close();
    }
  }

  close(): Promise<void> {
    return this.graph?.close() ?? Promise.resolve();
  }
}
