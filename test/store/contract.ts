/**
 * The behaviour every IndexStore must show (src/store/index-store.ts), as a suite a
 * backend's test file calls with a factory: `storeContract('local files', factory)`.
 * The data is tiny and deterministic: articles with hand-written tokens and 4-dimensional vectors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IndexSnapshot, IndexStore, StoredArticle } from '../../src/store/index-store.js';

export interface StoreFixture {
  /** A store over an empty location. */
  store: IndexStore;
  /** A second store object over the same location (a new process opening it). */
  reopen(): Promise<IndexStore>;
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreFixture>;

const DIM = 4;
const EMBEDDER = { kind: 'local', model: 'contract', dimensions: DIM } as const;
const META = { builtAt: '2024-01-01T00:00:00.000Z', embedder: EMBEDDER, chunkSize: 300, chunkOverlap: 60 };

interface Doc {
  article: StoredArticle & { hash: string; file: string };
  chunks: { tokens: string[]; vector: number[] }[];
}

function doc(n: number, source: string, day: string, chunks: [string, number[]][], hash = `h${n}`): Doc {
  const id = `a${n}`;
  return {
    article: {
      id, url: `https://${source.toLowerCase()}.example.com/${n}`, title: `title ${n}`, source, publishedAt: `2023-${day}T00:00:00.000Z`,
      script: 'Hans', text: chunks.map(([t]) => t).join('\n'), hash, file: `/corpus/${n}.txt`,
    },
    chunks: chunks.map(([text, vector]) => ({ tokens: text.split(' '), vector })),
  };
}

const DOCS = [
  doc(1, 'RFA', '01-10', [['navy ship port', [1, 0, 0, 0]], ['ship captain sea', [0.9, 0.1, 0, 0]]]),
  doc(2, 'VOA', '02-10', [['metro fare rise city', [0, 1, 0, 0]]]),
  doc(3, 'DW', '03-10', [['strike workers metro', [0, 0.7, 0.7, 0]], ['workers union pay', [0, 0, 1, 0]]]),
  doc(4, 'RFA', '04-10', [['panda zoo birth', [0, 0, 0, 1]]]),
];
const EDITED_2 = doc(2, 'VOA', '02-10', [['metro fare cut city council', [0, 0.9, 0, 0.1]]], 'h2b');

async function write(store: IndexStore, docs: Doc[], opts: { full?: boolean; remove?: string[] } = {}): Promise<string> {
  const w = await store.writer({ full: opts.full ?? false, dimensions: DIM });
  await w.deleteArticles([...(opts.remove ?? []), ...docs.map((d) => d.article.id)].filter((id, i, all) => all.indexOf(id) === i));
  for (const d of docs) {
    await w.add([d.article], d.chunks.map((c, ordinal) => ({ articleId: d.article.id, ordinal, text: c.tokens.join(' '), tokens: c.tokens })), d.chunks.map((c) => c.vector));
  }
  return w.commit(META);
}

async function texts(snap: IndexSnapshot, labels: number[]): Promise<string[]> {
  return (await snap.chunks(labels)).map((c) => c?.text ?? '?');
}

async function lexicalTexts(snap: IndexSnapshot, terms: string[], filter?: Parameters<IndexSnapshot['lexicalCandidates']>[2]) {
  const hits = await snap.lexicalCandidates(terms.map((term) => ({ term, weight: 1 })), 10, filter);
  return texts(snap, hits.map((h) => h.label));
}

/** What a snapshot serves, in a form two builds of the same content share (labels aside). */
async function served(snap: IndexSnapshot) {
  const probe = ['metro', 'workers', 'ship', 'city', 'zoo', 'fare'];
  const lexical = await Promise.all(probe.map(async (t) => {
    const hits = await snap.lexicalCandidates([{ term: t, weight: 1 }, { term: 'city', weight: 0.5 }], 10);
    const refs = await snap.chunkRefs(hits.map((h) => h.label));
    return hits.map((h, i) => `${refs[i]?.articleId}:${refs[i]?.ordinal}=${h.score.toFixed(6)}`);
  }));
  const stats = { docCount: snap.lexicon.docCount, avg: snap.lexicon.avgDocLength, df: probe.map((t) => snap.lexicon.df(t)), dfAll: snap.lexicon.dfAll(['metro', 'city']), idf: probe.map((t) => snap.lexicon.idf(t).toFixed(9)) };
  const articles = (await snap.listArticles()).map((a) => a.id).sort();
  return { lexical, stats, articles, meta: [snap.meta.articles, snap.meta.chunks] };
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`IndexStore contract: ${name}`, () => {
    const fixtures: StoreFixture[] = [];
    const open: IndexSnapshot[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
    });
    const fresh = async () => {
      const f = await factory();
      fixtures.push(f);
      return f;
    };
    const snapshot = async (store: IndexStore) => {
      const s = await store.open();
      if (s) open.push(s);
      return s;
    };

    it('an empty location has no version and no snapshot', async () => {
      const { store } = await fresh();
      expect(await store.currentVersion()).toBeUndefined();
      expect(await snapshot(store)).toBeUndefined();
    });

    it('adds articles and serves them: texts, metadata, lexical and vector search, counts', async () => {
      const { store } = await fresh();
      const version = await write(store, DOCS, { full: true });
      expect(await store.currentVersion()).toBe(version);
      const snap = (await snapshot(store))!;
      expect(snap.version).toBe(version);
      expect([snap.meta.articles, snap.meta.chunks, snap.meta.embedder]).toEqual([4, 6, EMBEDDER]);
      expect((await snap.listArticles()).map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
      expect((await snap.articles(['a3', 'nope']))[0]?.text).toBe('strike workers metro\nworkers union pay');
      expect((await snap.articleByUrl('https://voa.example.com/2'))?.id).toBe('a2');
      expect((await snap.indexedArticles()).get('a1')).toMatchObject({ hash: 'h1', file: '/corpus/1.txt', url: 'https://rfa.example.com/1' });
      expect(await lexicalTexts(snap, ['workers'])).toEqual(expect.arrayContaining(['strike workers metro', 'workers union pay']));
      const near = await snap.knn([1, 0.05, 0, 0], 2);
      expect(await texts(snap, near.map((n) => n.label))).toEqual(['navy ship port', 'ship captain sea']);
      expect(near[0]!.score).toBeGreaterThan(0.99);
      const refs = await snap.chunkRefs(near.map((n) => n.label));
      expect(refs.map((r) => `${r?.articleId}:${r?.ordinal}`)).toEqual(['a1:0', 'a1:1']);
    });

    it('filters lexical and vector candidates by outlet, dates and article ids', async () => {
      const { store } = await fresh();
      await write(store, DOCS, { full: true });
      const snap = (await snapshot(store))!;
      expect(await lexicalTexts(snap, ['metro'], { source: 'dw' })).toEqual(['strike workers metro']);
      expect(await lexicalTexts(snap, ['metro'], { from: '2023-02-01', to: '2023-02-28' })).toEqual(['metro fare rise city']);
      expect(await lexicalTexts(snap, ['metro'], { articleIds: new Set(['a3']) })).toEqual(['strike workers metro']);
      const rfa = await snap.knn([0, 1, 0, 0], 5, { filter: { source: 'RFA' } });
      expect((await snap.chunkRefs(rfa.map((n) => n.label))).map((r) => r?.articleId).sort()).toEqual(['a1', 'a1', 'a4']);
      // Filtered neighbours are scored as the unfiltered ones are, best first.
      const all = await snap.knn([0, 1, 0, 0], 6);
      expect(rfa.map((n) => n.score)).toEqual(all.filter((n) => rfa.some((r) => r.label === n.label)).map((n) => n.score).map((x) => expect.closeTo(x, 5)));
      expect(await snap.knn([0, 1, 0, 0], 5, { filter: { from: '2031-01-01' } })).toEqual([]);
      expect(await lexicalTexts(snap, ['metro'], { from: '2031-01-01' })).toEqual([]);
    });

    it('updates an article: the new text is served, the old chunks are gone everywhere', async () => {
      const { store } = await fresh();
      await write(store, DOCS, { full: true });
      const before = (await snapshot(store))!;
      const oldLabel = (await before.lexicalCandidates([{ term: 'rise', weight: 1 }], 5))[0]!.label;
      await write(store, [EDITED_2]);
      const snap = (await snapshot(store))!;
      expect(await lexicalTexts(snap, ['rise'])).toEqual([]);
      expect(await lexicalTexts(snap, ['council'])).toEqual(['metro fare cut city council']);
      expect((await snap.chunks([oldLabel]))[0]).toBeUndefined();
      expect(snap.lexicon.df('rise')).toBe(0);
      expect(snap.lexicon.df('metro')).toBe(2);
      expect((await snap.articles(['a2']))[0]?.text).toBe('metro fare cut city council');
      expect((await snap.indexedArticles()).get('a2')?.hash).toBe('h2b');
      expect([snap.meta.articles, snap.meta.chunks]).toEqual([4, 6]);
      const near = await snap.knn([0, 1, 0, 0], 6);
      expect(near.map((n) => n.label)).not.toContain(oldLabel);
      expect(near).toHaveLength(6);
      // A snapshot opened before keeps serving its own state.
      expect(await lexicalTexts(before, ['rise'])).toEqual(['metro fare rise city']);
    });

    it('deletes articles across several commits', async () => {
      const { store } = await fresh();
      await write(store, DOCS.slice(0, 2), { full: true });
      await write(store, DOCS.slice(2));
      await write(store, [], { remove: ['a1', 'a3'] });
      const snap = (await snapshot(store))!;
      expect((await snap.listArticles()).map((a) => a.id).sort()).toEqual(['a2', 'a4']);
      expect(await lexicalTexts(snap, ['workers'])).toEqual([]);
      expect(await lexicalTexts(snap, ['ship'])).toEqual([]);
      expect((await snap.articles(['a1']))[0]).toBeUndefined();
      const near = await snap.knn([1, 0, 0, 0], 10);
      expect((await snap.chunkRefs(near.map((n) => n.label))).map((r) => r?.articleId).sort()).toEqual(['a2', 'a4']);
      expect([snap.meta.articles, snap.meta.chunks, snap.lexicon.docCount]).toEqual([2, 2, 2]);
    });

    it('keeps BM25 statistics over several commits equal to one full build of the same content', async () => {
      const a = await fresh();
      await write(a.store, DOCS.slice(0, 1), { full: true });
      await write(a.store, DOCS.slice(1, 3));
      await write(a.store, [EDITED_2, DOCS[3]!]);
      const b = await fresh();
      await write(b.store, [DOCS[0]!, EDITED_2, DOCS[2]!, DOCS[3]!], { full: true });
      expect(await served((await snapshot(a.store))!)).toEqual(await served((await snapshot(b.store))!));
    });

    it('a full build replaces everything', async () => {
      const { store } = await fresh();
      await write(store, DOCS, { full: true });
      await write(store, [DOCS[3]!], { full: true });
      const snap = (await snapshot(store))!;
      expect((await snap.listArticles()).map((a) => a.id)).toEqual(['a4']);
      expect(snap.lexicon.docCount).toBe(1);
    });

    it('a writer that aborts, or never commits (killed), leaves the previous state serving', async () => {
      const f = await fresh();
      const version = await write(f.store, DOCS, { full: true });
      const aborted = await f.store.writer({ full: false, dimensions: DIM });
      await aborted.deleteArticles(['a1']);
      await aborted.add([EDITED_2.article], [{ articleId: 'a2', ordinal: 0, text: 'x', tokens: ['x'] }], [[0, 1, 0, 0]]);
      await aborted.abort();
      const killed = await f.store.writer({ full: true, dimensions: DIM });
      await killed.add([DOCS[3]!.article], [{ articleId: 'a4', ordinal: 0, text: 'y', tokens: ['y'] }], [[0, 0, 0, 1]]);
      // never committed: a new process opens the location
      const again = await f.reopen();
      expect(await again.currentVersion()).toBe(version);
      const snap = (await snapshot(again))!;
      expect((await snap.listArticles()).map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
      expect(snap.lexicon.df('x') + snap.lexicon.df('y')).toBe(0);
      await killed.abort();
      // and the next writer works on top of the served state
      await write(again, [EDITED_2]);
      expect(await lexicalTexts((await snapshot(again))!, ['council'])).toEqual(['metro fare cut city council']);
    });

    it('reopens what was committed, with the meta and the stored extras', async () => {
      const f = await fresh();
      const w = await f.store.writer({ full: true, dimensions: DIM });
      const d = DOCS[0]!;
      await w.add([d.article], d.chunks.map((c, ordinal) => ({ articleId: 'a1', ordinal, text: c.tokens.join(' '), tokens: c.tokens })), d.chunks.map((c) => c.vector));
      const version = await w.commit({ ...META, embedderState: { fit: [1, 2] } }, { files: { rows: [['f', 1]] } });
      const again = await f.reopen();
      expect(await again.currentVersion()).toBe(version);
      const snap = (await snapshot(again))!;
      expect(snap.meta.embedderState).toEqual({ fit: [1, 2] });
      expect(await again.extras()).toEqual({ files: { rows: [['f', 1]] } });
      expect(await lexicalTexts(snap, ['captain'])).toEqual(['ship captain sea']);
    });
  });
}
