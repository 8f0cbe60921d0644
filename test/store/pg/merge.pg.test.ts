/** Lexical segments stay few: after MAX_SEGMENTS incremental runs they are merged, and BM25 sees the same corpus as a full build. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { PgIndexStore } from '../../../src/store/pg/pg-store.js';
import { MAX_SEGMENTS } from '../../../src/store/pg/merge.js';
import { dropSchema, freshSchema, pgStore, pgUrl } from './helpers.js';

const META = { builtAt: '2024-01-01T00:00:00.000Z', embedder: { kind: 'local' as const, model: 'test', dimensions: 2 }, chunkSize: 300, chunkOverlap: 60 };
const schemas = [freshSchema('merge'), freshSchema('merge')];
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});

const article = (n: number, words: string[]) => ({
  id: `a${n}`, url: `https://www.voachinese.com/a/${n}`, title: `t${n}`, source: 'VOA', publishedAt: '2023-06-01T00:00:00.000Z', script: 'Hans' as const,
  text: words.join(' '), hash: words.join(' '), file: `${n}.txt`,
});
const words = (n: number, round: number) => [`w${n}`, `r${round}`, 'common', ...(n % 2 ? ['odd'] : [])];

async function put(store: PgIndexStore, full: boolean, docs: [number, string[]][]): Promise<void> {
  const w = await store.writer({ full, dimensions: 2 });
  await w.deleteArticles(docs.map(([n]) => `a${n}`));
  await w.add(docs.map(([n, ws]) => article(n, ws)), docs.map(([n, ws]) => ({ articleId: `a${n}`, ordinal: 0, text: ws.join(' '), tokens: ws })), docs.map(() => [1, 0]));
  await w.commit(META);
}

async function liveSegments(schema: string): Promise<number> {
  const c = new pg.Client({ connectionString: pgUrl() });
  await c.connect();
  const r = await c.query(`SELECT count(*) AS n FROM ${schema}.lexical_segments s, ${schema}.index_state i WHERE s.v_added <= i.current_version AND (s.v_removed IS NULL OR s.v_removed > i.current_version)`);
  await c.end();
  return Number(r.rows[0].n);
}

describe('PostgreSQL lexical segment merges', () => {
  it('bounds the live segments and keeps BM25 equal to a full build', async () => {
    const [a, b] = [pgStore(schemas[0]!), pgStore(schemas[1]!)];
    try {
      const final = new Map<number, string[]>();
      for (let n = 0; n < 6; n++) final.set(n, words(n, 0));
      await put(a, true, [...final]);
      for (let round = 1; round <= MAX_SEGMENTS + 3; round++) {
        const n = round % 6;
        final.set(n, words(n, round));
        await put(a, false, [[n, final.get(n)!]]);
        expect(await liveSegments(schemas[0]!)).toBeLessThanOrEqual(MAX_SEGMENTS + 1);
      }
      await put(b, true, [...final]);
      const [sa, sb] = [(await a.open())!, (await b.open())!];
      for (const t of ['common', 'odd', 'w1', 'r0', 'r3', `r${MAX_SEGMENTS + 3}`]) {
        expect([t, sa.lexicon.df(t)]).toEqual([t, sb.lexicon.df(t)]);
        const scores = async (s: typeof sa) => {
          const hits = await s.lexicalCandidates([{ term: t, weight: 1 }, { term: 'odd', weight: 0.5 }], 10);
          return (await s.chunkRefs(hits.map((h) => h.label))).map((r, i) => `${r?.articleId}=${hits[i]!.score.toFixed(6)}`).sort();
        };
        expect(await scores(sa)).toEqual(await scores(sb));
      }
      expect([sa.lexicon.docCount, sa.lexicon.avgDocLength]).toEqual([sb.lexicon.docCount, sb.lexicon.avgDocLength]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
