// HNSW insertion on its own thread for full builds, so the indexer embeds the next
// chunks while this one builds the graph (see hnsw-graph.ts).
// Plain CommonJS so it runs the same under tsx, vitest and plain node.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { HierarchicalNSW } = require(workerData.hnswlibPath);

const { dimensions } = workerData;
const index = new HierarchicalNSW('cosine', dimensions);

const handlers = {
  async create({ capacity, m, efConstruction, randomSeed }) {
    index.initIndex(Math.max(1, capacity), m, efConstruction, randomSeed);
    return { count: 0 };
  },
  async add({ vectors, labelStart }) {
    const n = vectors.length / dimensions;
    const needed = index.getCurrentCount() + n;
    // Grow geometrically: resizing copies the whole graph.
    if (needed > index.getMaxElements()) index.resizeIndex(Math.max(needed, Math.ceil(index.getMaxElements() * 1.5)));
    for (let i = 0; i < n; i++) index.addPoint(Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)), labelStart + i);
  },
  async save({ path }) {
    await index.writeIndex(path);
    return { count: index.getCurrentCount() };
  },
};

// Messages are handled strictly in order; a failure is reported on the next reply-bearing message.
let queue = Promise.resolve();
let failure;
parentPort.on('message', (msg) => {
  queue = queue.then(async () => {
    try {
      if (failure) throw failure;
      const result = await handlers[msg.op](msg);
      if (msg.id !== undefined) parentPort.postMessage({ id: msg.id, result });
    } catch (err) {
      failure ??= err;
      if (msg.id !== undefined) parentPort.postMessage({ id: msg.id, error: String(err && err.message || err) });
    }
  });
});
