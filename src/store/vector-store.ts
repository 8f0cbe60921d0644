/**
 * Writes the vector part of a segment in LangChain HNSWLib's on-disk layout
 * (hnswlib.index + args.json + docstore.json, one `["label",{pageContent,metadata}]`
 * entry per line). The graph lives in hnsw-graph.ts; new graphs get our HNSW
 * parameters, which LangChain's addVectors cannot pass. Labels are the index's
 * global chunk labels, consecutive from the segment's base.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InlineGraph, WorkerGraph, type HnswGraph } from './hnsw-graph.js';
import { writeLines } from './lines.js';
import { CHUNKS_FILE } from './chunk-texts.js';
import { ARGS_FILE, GRAPH_FILE } from './vectors.js';

export interface ChunkRecord {
  articleId: string;
  ordinal: number;
  text: string;
}

export class VectorStoreBuilder {
  private readonly lines: string[] = [];
  private next: number;

  private constructor(private readonly graph: HnswGraph, private readonly dimensions: number, readonly base: number) {
    this.next = base;
  }

  /**
   * An empty store with room for `capacity` points, labelled from `base`: built on a
   * worker thread when large (insertion then overlaps embedding), inline when small.
   */
  static async create(dimensions: number, capacity: number, base = 0, onWorker = capacity > 2000): Promise<VectorStoreBuilder> {
    const graph = onWorker ? await WorkerGraph.create(dimensions, capacity) : InlineGraph.create(dimensions, capacity);
    return new VectorStoreBuilder(graph, dimensions, base);
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
    this.graph.add(flat, start);
    this.next += vectors.length;
    return start;
  }

  /** Wait for the graph, write all three files into `dir`, and release the graph. */
  async save(dir: string): Promise<void> {
    try {
      await Promise.all([
        this.graph.save(join(dir, GRAPH_FILE)),
        writeFile(join(dir, ARGS_FILE), JSON.stringify({ space: 'cosine', numDimensions: this.dimensions })),
        writeLines(join(dir, CHUNKS_FILE), this.lines),
      ]);
    } finally {
      await this.close();
    }
  }

  close(): Promise<void> {
    return this.graph.close();
  }
}
