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

  private constructor(
    private readonly worker: Worker,
    private readonly dimensions: number,
    private readonly docs: Map<string, StoredChunk>,
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
    return new Worker(new URL('./hnsw-worker.cjs', import.meta.url), { workerData: { dimensions, hnswlibPath } });
  }

  /** An empty store with room for `capacity` points (it grows when needed). */
  static async create(dimensions: number, capacity: number): Promise<VectorStoreBuilder> {
    const b = new VectorStoreBuilder(VectorStoreBuilder.spawn(dimensions), dimensions, new Map());
    await b.request('create', { capacity, ...HNSW_BUILD });
    return b;
  }

  /** Continue from a saved version folder. */
  static async open(dir: string, dimensions: number): Promise<VectorStoreBuilder> {
    const worker = VectorStoreBuilder.spawn(dimensions);
    let entries: [string, StoredChunk][];
    try {
      entries = JSON.parse(await readFile(join(dir, 'docstore.json'), 'utf8')) as [string, StoredChunk][];
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    const b = new VectorStoreBuilder(worker, dimensions, new Map(entries));
    try {
      b.next = (await b.request('open', { path: join(dir, 'hnswlib.index') })).count;
    } catch (err) {
      await b.close();
      throw err;
    }
    return b;
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
    for (const label of labels) this.docs.delete(String(label));
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
      this.docs.set(String(start + i), { pageContent: c.text, metadata: { articleId: c.articleId, ordinal: c.ordinal } });
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
        writeFile(join(dir, 'docstore.json'), JSON.stringify([...this.docs.entries()])),
      ]);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
