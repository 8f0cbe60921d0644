/**
 * Writes the vector part of an index version in LangChain HNSWLib's on-disk format
 * (hnswlib.index + args.json + docstore.json, read back by HNSWLib.load). The graph
 * lives in hnsw-graph.ts; new graphs get our HNSW parameters, which LangChain's
 * addVectors cannot pass. The docstore is one entry per line, so an incremental run
 * splices the previous version's bytes instead of parsing them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InlineGraph, WorkerGraph, type HnswGraph } from './hnsw-graph.js';
import { splitLines, writeLines } from './lines.js';
import { readWhole } from '../util/bytes.js';
import { labelHead } from './line-head.js';

export interface ChunkRecord {
  articleId: string;
  ordinal: number;
  text: string;
}

/** A docstore entry as LangChain stores it. */
interface StoredChunk {
  pageContent: string;
  metadata: { articleId: string; ordinal: number };
}

export class VectorStoreBuilder {
  /** The previous version's docstore entries by label, kept as raw bytes (never parsed). */
  private readonly kept = new Map<number, Buffer>();
  private readonly added = new Map<number, StoredChunk>();
  private next: number;

  private constructor(private readonly graph: HnswGraph, private readonly dimensions: number) {
    this.next = graph.count;
  }

  /** An empty store with room for `capacity` points, built on a worker thread. */
  static async create(dimensions: number, capacity: number): Promise<VectorStoreBuilder> {
    return new VectorStoreBuilder(await WorkerGraph.create(dimensions, capacity), dimensions);
  }

  /** Continue from a saved version folder. */
  static async open(dir: string, dimensions: number): Promise<VectorStoreBuilder> {
    const [docstore, graph] = await Promise.all([readWhole(join(dir, 'docstore.json')), InlineGraph.open(join(dir, 'hnswlib.index'), dimensions)]);
    const b = new VectorStoreBuilder(graph, dimensions);
    b.readDocstore(docstore);
    return b;
  }

  /** Entries are `["label",{…}]`; older versions wrote them on one line and are parsed instead. */
  private readDocstore(buf: Buffer): void {
    const lines = splitLines(buf);
    if (!lines) {
      for (const [label, doc] of JSON.parse(buf.toString('utf8')) as [string, StoredChunk][]) this.kept.set(Number(label), Buffer.from(JSON.stringify([label, doc])));
      return;
    }
    for (const line of lines) this.kept.set(labelHead(line, 'docstore.json'), line);
  }

  /** Mark chunks deleted: they stay in the graph (as routing nodes) but are never returned. */
  remove(labels: number[]): void {
    for (const label of labels) {
      this.kept.delete(label);
      this.added.delete(label);
    }
    this.graph.remove(labels);
  }

  /** Add vectors with their chunks; returns the label of the first one (labels are consecutive). */
  add(vectors: number[][], chunks: ChunkRecord[]): number {
    const start = this.next;
    const flat = new Float32Array(vectors.length * this.dimensions);
    vectors.forEach((v, i) => {
      if (v.length !== this.dimensions) throw new Error(`embedding has ${v.length} dimensions, expected ${this.dimensions}`);
      flat.set(v, i * this.dimensions);
      const c = chunks[i]!;
      this.added.set(start + i, { pageContent: c.text, metadata: { articleId: c.articleId, ordinal: c.ordinal } });
    });
    this.graph.add(flat, start);
    this.next += vectors.length;
    return start;
  }

  /** Wait for the graph, write all three files into `dir`, and release the graph. */
  async save(dir: string): Promise<void> {
    try {
      await Promise.all([
        this.graph.save(join(dir, 'hnswlib.index')),
        writeFile(join(dir, 'args.json'), JSON.stringify({ space: 'cosine', numDimensions: this.dimensions })),
        writeLines(join(dir, 'docstore.json'), this.docstoreLines()),
      ]);
    } finally {
      await this.close();
    }
  }

  /** The docstore in label order: kept entries as they were, new ones serialised. */
  private docstoreLines(): (string | Buffer)[] {
    const lines: (string | Buffer)[] = [...this.kept.values()];
    for (const [label, doc] of this.added) lines.push(JSON.stringify([String(label), doc]));
    return lines;
  }

  close(): Promise<void> {
    return this.graph.close();
  }
}
