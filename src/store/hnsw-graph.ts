/**
 * The HNSW graph of a version being built, in one of two places: on a worker
 * thread (full builds: insertion overlaps embedding, the two cost about the same)
 * or on the main thread (incremental runs add a handful of points, and hnswlib's
 * file I/O already runs off-thread, so a worker would only add start-up time).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

/**
 * Measured against an exact scan (docs/BENCHMARKS.md, HNSW sweep): M=32 finds ~0.1
 * more of the true neighbours than M=16 at the same ef; efConstruction matters
 * little, and 48 keeps insertion (on the worker, the tail of a full build) shorter
 * than embedding: recall@100 at ef 100 on 10k chunks 0.80, vs 0.84 at 64 and 0.87 at 100.
 */
export const HNSW_BUILD = { m: 32, efConstruction: 48, randomSeed: 100 } as const;

export interface HnswGraph {
  /** `vectors` holds consecutive points of `dimensions` floats, labelled from `labelStart`. */
  add(vectors: Float32Array, labelStart: number): void;
  save(path: string): Promise<void>;
  close(): Promise<void>;
}

/** Grow geometrically: resizing copies the whole graph. */
function ensureCapacity(index: hnswlib.HierarchicalNSW, needed: number): void {
  if (needed > index.getMaxElements()) index.resizeIndex(Math.max(needed, Math.ceil(index.getMaxElements() * 1.5)));
}

export class InlineGraph implements HnswGraph {
  private constructor(private readonly index: hnswlib.HierarchicalNSW, private readonly dimensions: number) {}

  /** An empty graph with room for `capacity` points (it grows when needed). */
  static create(dimensions: number, capacity: number): InlineGraph {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, capacity), HNSW_BUILD.m, HNSW_BUILD.efConstruction, HNSW_BUILD.randomSeed);
    return new InlineGraph(index, dimensions);
  }

  add(vectors: Float32Array, labelStart: number): void {
    const n = vectors.length / this.dimensions;
    ensureCapacity(this.index, this.index.getCurrentCount() + n);
    for (let i = 0; i < n; i++) this.index.addPoint(Array.from(vectors.subarray(i * this.dimensions, (i + 1) * this.dimensions)), labelStart + i);
  }

  async save(path: string): Promise<void> {
    await this.index.writeIndex(path);
  }

  async close(): Promise<void> {}
}

interface Reply {
  id: number;
  result?: { count: number };
  error?: string;
}

/** The graph on ./hnsw-worker.cjs; messages apply in order, failures surface on the next awaited call. */
export class WorkerGraph implements HnswGraph {
  private readonly pending = new Map<number, { resolve: (r: { count: number }) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed?: Error;

  private constructor(private readonly worker: Worker) {
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

  /** An empty graph with room for `capacity` points (it grows when needed). */
  static async create(dimensions: number, capacity: number): Promise<WorkerGraph> {
    const hnswlibPath = createRequire(import.meta.url).resolve('hnswlib-node');
    // No execArgv: the worker is plain CommonJS and need not load the parent's TypeScript loader.
    const worker = new Worker(new URL('./hnsw-worker.cjs', import.meta.url), { workerData: { dimensions, hnswlibPath }, execArgv: [] });
    const graph = new WorkerGraph(worker);
    try {
      await graph.request('create', { capacity, ...HNSW_BUILD });
    } catch (err) {
      await graph.close();
      throw err;
    }
    return graph;
  }

  private request(op: string, payload: object): Promise<{ count: number }> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ op, id, ...payload });
    });
  }

  private post(op: string, payload: object, transfer: ArrayBuffer[] = []): void {
    if (this.failed) throw this.failed;
    this.worker.postMessage({ op, ...payload }, transfer);
  }

  add(vectors: Float32Array, labelStart: number): void {
    this.post('add', { vectors, labelStart }, [vectors.buffer as ArrayBuffer]);
  }

  async save(path: string): Promise<void> {
    await this.request('save', { path });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
