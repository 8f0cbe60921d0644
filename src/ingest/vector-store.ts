/**
 * Writes the vector part of an index version in LangChain HNSWLib's on-disk format
 * (hnswlib.index + args.json + docstore.json, read back by HNSWLib.load). The graph
 * is built on a worker thread (./hnsw-worker.cjs) while the indexer embeds the next
 * batch; new graphs get our HNSW parameters, which LangChain's addVectors cannot pass.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { formatLines, splitLines } from './json-lines-array.js';

/**
 * Measured against an exact scan (docs/BENCHMARKS.md, HNSW sweep): M=32 roughly
 * doubles recall over M=16 at the same ef, and efConstruction=100 builds as fast as
 * the default 200 at M=16 with almost the same recall.
 */
export const HNSW_BUILD = { m: 32, efConstruction: 100, randomSeed: 100 } as const;

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

interface Reply {
  id: number;
  result?: { count: number };
  error?: string;
}

export class VectorStoreBuilder {
  private readonly pending = new Map<number, { resolve: (r: { count: number }) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed?: Error;

  /** The previous version's docstore entries by label, kept as raw bytes (never parsed). */
  private readonly kept = new Map<number, Buffer>();
  private readonly added = new Map<number, StoredChunk>();

  private constructor(
    private readonly worker: Worker,
    private readonly dimensions: number,
    private next = 0,
  ) {
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) p?.reject(new Error(`HNSW worker: ${reply.error}`));
      else p?.resolve(reply.result ?? { count: 0 });
    });
    const fail = (err: Error) => {
      this.failed ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`HNSW worker exited (code ${code})`)));
  }

  private static spawn(dimensions: number): Worker {
    const hnswlibPath = createRequire(import.meta.url).resolve('hnswlib-node');
    // No execArgv: the worker is plain CommonJS and need not load the parent's TypeScript loader.
    return new Worker(new URL('./hnsw-worker.cjs', import.meta.url), { workerData: { dimensions, hnswlibPath }, execArgv: [] });
  }

  /** An empty store with room for `capacity` points (it grows when needed). */
  static async create(dimensions: number, capacity: number): Promise<VectorStoreBuilder> {
    const b = new VectorStoreBuilder(VectorStoreBuilder.spawn(dimensions), dimensions);
    await b.request('create', { capacity, ...HNSW_BUILD });
    return b;
  }

  /** Continue from a saved version folder. */
  static async open(dir: string, dimensions: number): Promise<VectorStoreBuilder> {
    const b = new VectorStoreBuilder(VectorStoreBuilder.spawn(dimensions), dimensions);
    try {
      const [docstore, opened] = await Promise.all([readFile(join(dir, 'docstore.json')), b.request('open', { path: join(dir, 'hnswlib.index') })]);
      b.readDocstore(docstore);
      b.next = opened.count;
    } catch (err) {
      await b.close();
      throw err;
    }
    return b;
  }

  /** Entries are `["label",{…}]`; older versions wrote them on one line and are parsed instead. */
  private readDocstore(buf: Buffer): void {
    const lines = splitLines(buf);
    if (!lines) {
      for (const [label, doc] of JSON.parse(buf.toString('utf8')) as [string, StoredChunk][]) this.kept.set(Number(label), Buffer.from(JSON.stringify([label, doc])));
      return;
    }
    for (const line of lines) {
      const end = line.indexOf(0x22, 2); // the label's closing quote
      this.kept.set(Number(line.toString('latin1', 2, end)), line);
    }
  }

  private request(op: string, payload: object, transfer: ArrayBuffer[] = []): Promise<{ count: number }> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ op, id, ...payload }, transfer);
    });
  }

  /** Fire-and-forget: the worker applies messages in order and reports a failure on the next request. */
  private post(op: string, payload: object, transfer: ArrayBuffer[] = []): void {
    if (this.failed) throw this.failed;
    this.worker.postMessage({ op, ...payload }, transfer);
  }

  /** Mark chunks deleted: they stay in the graph (as routing nodes) but are never returned. */
  remove(labels: number[]): void {
    for (const label of labels) {
      this.kept.delete(label);
      this.added.delete(label);
    }
    if (labels.length > 0) this.post('remove', { labels });
  }

  /** Queue vectors with their chunks; returns the label of the first one (labels are consecutive). */
  add(vectors: number[][], chunks: ChunkRecord[]): number {
    const start = this.next;
    const flat = new Float32Array(vectors.length * this.dimensions);
    vectors.forEach((v, i) => {
      if (v.length !== this.dimensions) throw new Error(`embedding has ${v.length} dimensions, expected ${this.dimensions}`);
      flat.set(v, i * this.dimensions);
      const c = chunks[i]!;
      this.added.set(start + i, { pageContent: c.text, metadata: { articleId: c.articleId, ordinal: c.ordinal } });
    });
    this.post('add', { vectors: flat, labelStart: start }, [flat.buffer]);
    this.next += vectors.length;
    return start;
  }

  /** Wait for the graph, write all three files into `dir`, and stop the worker. */
  async save(dir: string): Promise<void> {
    try {
      await Promise.all([
        this.request('save', { path: join(dir, 'hnswlib.index') }),
        writeFile(join(dir, 'args.json'), JSON.stringify({ space: 'cosine', numDimensions: this.dimensions })),
        writeFile(join(dir, 'docstore.json'), this.docstoreBytes()),
      ]);
    } finally {
      await this.close();
    }
  }

  /** The docstore in label order: kept entries as they were, new ones serialised. */
  private docstoreBytes(): Buffer {
    const lines: (string | Buffer)[] = [...this.kept.values()];
    for (const [label, doc] of this.added) lines.push(JSON.stringify([String(label), doc]));
    return formatLines(lines);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
