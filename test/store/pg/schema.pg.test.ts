/** Readers refuse a schema from another version of the program; the index command creates it. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/cli/errors.js';
import { SCHEMA_VERSION } from '../../../src/store/pg/schema.js';
import { dropSchema, freshSchema, pgStore, pgUrl } from './helpers.js';

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});

describe('PostgreSQL schema version', () => {
  it('no schema: no index (readers do not create it); a writer creates it at this version', async () => {
    const schema = freshSchema('schema');
    schemas.push(schema);
    const store = pgStore(schema);
    try {
      expect(await store.currentVersion()).toBeUndefined();
      expect(await store.open()).toBeUndefined();
      const w = await store.writer({ full: true, dimensions: 4 });
      await w.abort();
      const client = new pg.Client({ connectionString: pgUrl() });
      await client.connect();
      const r = await client.query(`SELECT max(version) AS v FROM ${schema}.schema_version`);
      await client.end();
      expect(r.rows[0].v).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });

  it('a newer schema is refused in one line, with the fix', async () => {
    const schema = freshSchema('schema');
    schemas.push(schema);
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.schema_version (version int NOT NULL); INSERT INTO ${schema}.schema_version VALUES (${SCHEMA_VERSION + 98})`);
    await client.end();
    const store = pgStore(schema);
    try {
      const err = await store.open().catch((e: unknown) => e);
      const { lines } = describeError('ask', err);
      expect(lines[0]).toMatch(new RegExp(`^ask: the index schema in .* \\(schema ${schema}\\) is version ${SCHEMA_VERSION + 98}, newer than this program's ${SCHEMA_VERSION}$`));
      expect(lines[1]).toMatch(/update the program/);
      await expect(store.writer({ full: true, dimensions: 4 })).rejects.toThrow(/newer than this program/);
    } finally {
      await store.close();
    }
  });
});

describe('PostgreSQL schema upgrade', () => {
  const META = { builtAt: '2024-01-01T00:00:00.000Z', embedder: { kind: 'local' as const, model: 'test', dimensions: 2 }, chunkSize: 300, chunkOverlap: 60 };
  const article = (id: string, text: string) => ({
    id, url: `https://www.dw.com/zh/${id}`, title: id, source: 'DW', publishedAt: '2023-05-01T00:00:00.000Z', script: 'Hans' as const, text, hash: text, file: `${id}.txt`,
  });
  const chunk = (id: string, text: string) => ({ articleId: id, ordinal: 0, text, tokens: text.split(' ') });

  /** Rewrite the index as schema version 1 kept it: the postings in the segment row (raw uint32 labels, uint16 tfs), no lexical_parts. */
  async function downgrade(client: pg.Client, schema: string, postings: [string, number[], number[]][]): Promise<void> {
    const offsets = [0];
    for (const [, docs] of postings) offsets.push(offsets.at(-1)! + docs.length);
    const u32 = (v: number[]) => Buffer.from(Uint32Array.from(v).buffer);
    await client.query(`UPDATE ${schema}.lexical_segments SET terms = $1, offsets = $2, docs = $3, tfs = $4`, [
      JSON.stringify(postings.map(([t]) => t)), u32(offsets), u32(postings.flatMap(([, d]) => d)), Buffer.from(Uint16Array.from(postings.flatMap(([, , f]) => f)).buffer),
    ]);
    await client.query(`DROP TABLE ${schema}.lexical_parts; DROP INDEX ${schema}.articles_meta; DELETE FROM ${schema}.schema_version WHERE version > 1`);
  }

  it('an older schema is refused by readers in one line; the index command upgrades it and its index is still served', async () => {
    const schema = freshSchema('upgrade');
    schemas.push(schema);
    const store = pgStore(schema);
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    try {
      const w = await store.writer({ full: true, dimensions: 2 });
      await w.add([article('a', 'metro fare metro'), article('b', 'city fare')], [chunk('a', 'metro fare metro'), chunk('b', 'city fare')], [[1, 0], [0, 1]]);
      await w.commit(META);
      await downgrade(client, schema, [['metro', [1], [2]], ['fare', [1, 2], [1, 1]], ['city', [2], [1]]]);

      const reader = pgStore(schema);
      const err = await reader.open().catch((e: unknown) => e);
      await reader.close();
      expect(describeError('ask', err).lines).toEqual([
        expect.stringMatching(new RegExp(`^ask: the index schema in .* \\(schema ${schema}\\) is version 1, this program uses ${SCHEMA_VERSION}$`)),
        'run `npm run index` once: it upgrades the schema and keeps the index',
      ]);

      await (await store.writer({ full: false, dimensions: 2 })).abort(); // what `npm run index` does first
      const snap = (await pgStore(schema).open())!;
      expect([snap.lexicon.docCount, snap.lexicon.df('fare'), snap.lexicon.df('metro')]).toEqual([2, 2, 1]);
      const hits = await snap.lexicalCandidates([{ term: 'metro', weight: 1 }, { term: 'city', weight: 0.5 }], 5);
      expect((await snap.chunks(hits.map((h) => h.label))).map((c) => c?.text)).toEqual(['metro fare metro', 'city fare']);

      const next = await store.writer({ full: false, dimensions: 2 });
      await next.deleteArticles(['b']);
      await next.add([article('c', 'metro city')], [chunk('c', 'metro city')], [[1, 1]]);
      await next.commit(META);
      const after = (await store.open())!;
      expect([after.lexicon.docCount, after.lexicon.df('fare'), after.lexicon.df('metro'), after.lexicon.df('city')]).toEqual([2, 1, 2, 1]);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
