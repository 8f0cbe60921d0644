import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalIndexStore } from '../../src/store/local/store.js';
import { MERGE_FACTOR } from '../../src/store/local/merge.js';
import type { IndexSnapshot, IndexStore } from '../../src/store/index-store.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { tempDir } from '../helpers/corpus.js';

const DIM = 8;
const META = { builtAt: '2024-01-01T00:00:00.000Z', embedder: { kind: 'local', model: 'segments', dimensions: DIM }, chunkSize: 300, chunkOverlap: 60 } as const;
const WORDS = ['navy', 'ship', 'metro', 'fare', 'strike', 'panda', 'zoo', 'court', 'trial', 'rain', 'flood', 'port'];

/** Article n: three chunks of words and vectors derived from n (deterministic). */
function article(n: number, edit = 0) {
  const id = `a${n}`;
  const chunks = [0, 1, 2].map((k) => {
    const tokens = Array.from({ length: 4 + ((n + k) % 5) }, (_, i) => WORDS[(n * 7 + k * 3 + i * (edit + 1)) % WORDS.length]!);
    const vector = Array.from({ length: DIM }, (_, d) => Math.sin(n * 13 + k * 5 + d + edit));
    return { articleId: id, ordinal: k, text: tokens.join(' '), tokens, vector };
  });
  const a = { id, url: `https://voa.example.com/${n}`, title: `t${n}`, source: 'VOA', publishedAt: '2023-05-01T00:00:00.000Z', script: 'Hans' as const, text: chunks.map((c) => c.text).join('\n'), hash: `h${n}-${edit}`, file: `/c/${n}.txt` };
  return { a, chunks };
}

async function commit(store: IndexStore, docs: ReturnType<typeof article>[], full = false, remove: string[] = []): Promise<string> {
  const w = await store.writer({ full, dimensions: DIM });
  await w.deleteArticles([...remove, ...docs.map((d) => d.a.id)]);
  for (const d of docs) await w.add([d.a], d.chunks, d.chunks.map((c) => c.vector));
  return w.commit(META);
}

/**
 * Everything a search sees, keyed by article and ordinal (labels differ between layouts,
 * so equal scores may come in another order: each list is compared as a set; merged
 * vectors are read back from the graph, normalised, so similarities agree to 4 places).
 */
async function view(s: IndexSnapshot) {
  const key = async (labels: number[]) => (await s.chunkRefs(labels)).map((r) => `${r?.articleId}:${r?.ordinal}`);
  const lexical: string[][] = [];
  const vector: string[][] = [];
  for (const [i, w] of WORDS.entries()) {
    const hits = await s.lexicalCandidates([{ term: w, weight: 1 }, { term: WORDS[(i + 3) % WORDS.length]!, weight: 0.5 }], 100);
    lexical.push((await key(hits.map((h) => h.label))).map((k, j) => `${k}=${hits[j]!.score.toFixed(6)}`).sort());
    const near = await s.knn(Array.from({ length: DIM }, (_, d) => Math.cos(i + d)), 10, { ef: 200 });
    vector.push((await key(near.map((h) => h.label))).map((k, j) => `${k}=${near[j]!.score.toFixed(4)}`).sort());
  }
  return { lexical, vector, df: WORDS.map((w) => s.lexicon.df(w)), n: s.lexicon.docCount, avg: s.lexicon.avgDocLength, articles: s.meta.articles };
}

const dirs: string[] = [];
const snaps: IndexSnapshot[] = [];
afterEach(async () => {
  await Promise.all(snaps.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
/** The layout under test: small segments flat (the default), or every segment a graph. */
let flatLimit: number | undefined;
async function store(hooks = {}) {
  const dir = await tempDir('qa-seg-');
  dirs.push(dir);
  return { dir, store: new LocalIndexStore(dir, { flatLimit, ...hooks }) };
}
async function open(s: LocalIndexStore) {
  const snap = (await s.open())!;
  snaps.push(snap);
  return snap;
}

describe.each([
  { layout: 'small segments flat', limit: undefined },
  { layout: 'every segment a graph', limit: 0 },
])('segments ($layout)', ({ limit }) => {
  beforeEach(() => {
    flatLimit = limit;
  });

  it('incremental runs, edits, deletions and merges serve exactly what one full build of the same articles serves', async () => {
    const inc = await store();
    await commit(inc.store, [article(0), article(1)], true);
    for (let n = 2; n < 2 + 2 * MERGE_FACTOR; n++) await commit(inc.store, [article(n)]);
    await commit(inc.store, [article(3, 1), article(9, 1)], false, ['a5']);
    const incSnap = await open(inc.store);
    expect(incSnap instanceof Object && (incSnap as unknown as { segments: unknown[] }).segments.length).toBeLessThan(MERGE_FACTOR);
    const live = Array.from({ length: 2 + 2 * MERGE_FACTOR }, (_, n) => n).filter((n) => n !== 5).map((n) => article(n, n === 3 || n === 9 ? 1 : 0));
    const full = await store();
    await commit(full.store, live, true);
    expect(await view(incSnap)).toEqual(await view(await open(full.store)));
  });

  it('merges keep the segment count bounded over many small runs', async () => {
    const s = await store();
    await commit(s.store, [article(0)], true);
    for (let n = 1; n < 40; n++) await commit(s.store, [article(n)]);
    const segments = (await readdir(s.dir)).filter((n) => n.startsWith('seg-'));
    expect(segments.length).toBeLessThan(2 * MERGE_FACTOR);
    expect((await open(s.store)).meta.chunks).toBe(120);
  });

  it('a crash between writing the segment and publishing the manifest leaves the previous manifest serving', async () => {
    const s = await store({ beforePublish: async () => { throw new Error('killed'); } });
    const first = await commit(new LocalIndexStore(s.dir, { flatLimit }), [article(0), article(1)], true);
    await expect(commit(s.store, [article(1, 1), article(2)])).rejects.toThrow('killed');
    const again = new LocalIndexStore(s.dir, { flatLimit });
    expect(await again.currentVersion()).toBe(first);
    const snap = await open(again);
    expect((await snap.listArticles()).map((a) => a.id).sort()).toEqual(['a0', 'a1']);
    expect((await snap.indexedArticles()).get('a1')?.hash).toBe('h1-0');
    // The next run publishes and removes what the crashed one left behind.
    await commit(again, [article(2)]);
    const referenced = (await readdir(s.dir)).filter((n) => n.startsWith('seg-'));
    expect(referenced.length).toBe(2);
  });

  it('refuses an index of the old format with a one-line message to rebuild', async () => {
    const s = await store();
    await writeFile(join(s.dir, 'CURRENT'), 'v-20240101-000000-1-abcd\n');
    await expect(s.store.open()).rejects.toThrow(/^the index in .* has format ≤ 2, this version reads format 5: rebuild it with `npm run index -- --full`$/);
    await expect(openKnowledgeBase(s.dir)).rejects.toThrow(/npm run index -- --full/);
    await expect(s.store.writer({ full: false, dimensions: DIM })).rejects.toThrow(/npm run index -- --full/);
    await commit(s.store, [article(0)], true);
    expect((await open(s.store)).meta.articles).toBe(1);
    await writeFile(join(s.dir, 'manifest-000009.json'), JSON.stringify({ format: 2 }));
    await writeFile(join(s.dir, 'CURRENT'), 'manifest-000009.json\n');
    await expect(s.store.open()).rejects.toThrow(/has format 2, .*npm run index -- --full/);
    // Format 3 kept the embedder state and the file stamps inside the manifest.
    await writeFile(join(s.dir, 'manifest-000010.json'), JSON.stringify({ format: 3, meta: { embedderState: {} }, segments: [], articles: {} }));
    await writeFile(join(s.dir, 'CURRENT'), 'manifest-000010.json\n');
    await expect(s.store.open()).rejects.toThrow(/has format 3, this version reads format 5: rebuild it with `npm run index -- --full`$/);
    await expect(s.store.writer({ full: false, dimensions: DIM })).rejects.toThrow(/npm run index -- --full/);
    // Format 4 kept the whole article table in every manifest.
    await writeFile(join(s.dir, 'manifest-000011.json'), JSON.stringify({ format: 4, meta: {}, segments: [], articles: {} }));
    await writeFile(join(s.dir, 'CURRENT'), 'manifest-000011.json\n');
    await expect(s.store.open()).rejects.toThrow(/has format 4, this version reads format 5: rebuild it with `npm run index -- --full`$/);
    await expect(s.store.writer({ full: false, dimensions: DIM })).rejects.toThrow(/npm run index -- --full/);
  });

  it('keeps the embedder state in one file that incremental runs share, the extras with the manifest, and prunes what no kept manifest names', async () => {
    const s = await store();
    const files = async (re: RegExp) => (await readdir(s.dir)).filter((n) => re.test(n)).sort();
    const run = async (docs: ReturnType<typeof article>[], full: boolean, state: object | undefined, n: number) => {
      const w = await s.store.writer({ full, dimensions: DIM });
      await w.deleteArticles(docs.map((d) => d.a.id));
      for (const d of docs) await w.add([d.a], d.chunks, d.chunks.map((c) => c.vector));
      return w.commit({ ...META, embedderState: state ?? w.base?.meta.embedderState }, { files: { run: n } });
    };
    await run([article(0)], true, { fit: [1, 2, 3] }, 0);
    const [stateFile] = await files(/^embedder-/);
    const written = (await stat(join(s.dir, stateFile!))).mtimeMs;
    for (let n = 1; n <= 3; n++) await run([article(n)], false, undefined, n);
    expect(await files(/^embedder-/)).toEqual([stateFile]);
    expect((await stat(join(s.dir, stateFile!))).mtimeMs).toBe(written);
    // The article table's base is the full build's: incremental manifests carry only their changes.
    expect(await files(/^articles-/)).toEqual(['articles-000001.json']);
    const manifest = JSON.parse(await readFile(join(s.dir, (await s.store.currentVersion())!), 'utf8'));
    expect(manifest.meta.embedderState).toBeUndefined();
    expect(Object.keys(manifest.articles.changed).sort()).toEqual(['a1', 'a2', 'a3']);
    expect((await open(s.store)).meta.embedderState).toEqual({ fit: [1, 2, 3] });
    expect(await s.store.extras()).toEqual({ files: { run: 3 } });
    // A full build with another fit writes a new state file; the old one goes once no kept manifest names it.
    await run([article(9)], true, { fit: [4] }, 4);
    await run([article(10)], false, undefined, 5);
    const now = await files(/^embedder-/);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(stateFile);
    expect((await open(s.store)).meta.embedderState).toEqual({ fit: [4] });
  });
});

describe('flat segments', () => {
  it('serve the same neighbours and scores as graphs, and a segment that outgrows the limit becomes a graph', async () => {
    const docs = Array.from({ length: 12 }, (_, n) => article(n));
    flatLimit = undefined;
    const flat = await store();
    await commit(flat.store, docs, true);
    flatLimit = 0;
    const graph = await store();
    await commit(graph.store, docs, true);
    flatLimit = 20; // 36 chunks: starts flat, switches to a graph midway
    const grown = await store();
    await commit(grown.store, docs, true);
    const segmentFiles = async (dir: string) => readdir(join(dir, (await readdir(dir)).find((n) => n.startsWith('seg-'))!));
    expect(await segmentFiles(flat.dir)).toContain('vectors.f32');
    expect(await segmentFiles(flat.dir)).not.toContain('hnswlib.index');
    expect(await segmentFiles(graph.dir)).toContain('hnswlib.index');
    expect(await segmentFiles(grown.dir)).toContain('hnswlib.index');
    const expected = await view(await open(graph.store));
    expect(await view(await open(flat.store))).toEqual(expected);
    expect(await view(await open(grown.store))).toEqual(expected);
  });
});
