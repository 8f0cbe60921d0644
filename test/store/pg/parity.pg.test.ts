/**
 * Relevance parity: the seeds indexed into PostgreSQL answer searches exactly as
 * the same seeds in local files (same articles, order and relevance), in both
 * scripts and in English, with outlet and date filters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/ingest/build.js';
import { openKnowledgeBase, type LoadedKnowledgeBase, type ServedSnapshot } from '../../../src/retrieve/knowledge-base.js';
import { loadExpander } from '../../../src/app/expander.js';
import type { PgIndexStore } from '../../../src/store/pg/pg-store.js';
import { cleanup, localBuildOptions, SEEDS_DIR, tempDir } from '../../helpers/corpus.js';
import { dropSchema, freshSchema, pgStore } from './helpers.js';

const queries = readFileSync(join(SEEDS_DIR, '..', 'test', 'fixtures', 'eval-seeds.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
const EXTRA: [string, { source?: string; from?: string; to?: string }][] = [
  ['李尚福', {}], ['李尚福', { source: 'DW' }], ['军事合作', { from: '2023-08-01', to: '2023-08-31' }], ['Russia navy', {}],
];

const schema = freshSchema('parity');
let indexDir: string;
let store: PgIndexStore;
let local: LoadedKnowledgeBase;
let pg: LoadedKnowledgeBase<ServedSnapshot>;

beforeAll(async () => {
  indexDir = await tempDir('qa-parity-');
  store = pgStore(schema);
  await buildIndex(localBuildOptions(SEEDS_DIR, join(indexDir, 'local')));
  await buildIndex(localBuildOptions(SEEDS_DIR, join(indexDir, 'pg'), { store }));
  const expand = await loadExpander();
  local = await openKnowledgeBase(join(indexDir, 'local'), { expand });
  pg = await openKnowledgeBase<ServedSnapshot>(join(indexDir, 'pg'), { expand, store });
});
afterAll(async () => {
  await store?.close();
  await dropSchema(schema);
  if (indexDir) await cleanup(indexDir);
});

const ranked = async (kb: LoadedKnowledgeBase<ServedSnapshot>, q: string, opts = {}) =>
  (await kb.search(q, { k: 5, ...opts })).map((h) => `${h.article.id} ${h.relevance?.toFixed(4)} ${h.passages[0]?.text.slice(0, 20)}`);

describe('PostgreSQL store: relevance parity with local files on the seeds', () => {
  it('same meta and counts', () => {
    expect([pg.meta.articles, pg.meta.chunks, pg.meta.embedder]).toEqual([local.meta.articles, local.meta.chunks, local.meta.embedder]);
    expect(pg.lexical.docCount).toBe(local.lexical.docCount);
    expect(pg.lexical.avgDocLength).toBeCloseTo(local.lexical.avgDocLength, 9);
  });

  it('same results for the seed questions (three scripts/languages) and filtered searches', async () => {
    expect((await ranked(local, queries[0]!)).length).toBeGreaterThan(0);
    for (const q of queries) expect(await ranked(pg, q), q).toEqual(await ranked(local, q));
    for (const [q, opts] of EXTRA) expect(await ranked(pg, q, opts), q).toEqual(await ranked(local, q, opts));
    const hit = (await pg.search(queries[0]!, { k: 1 }))[0]!;
    expect(pg.getArticle(hit.article.url)?.text).toBe(local.getArticle(hit.article.url)?.text);
  });
});
