/**
 * A PostgreSQL snapshot reads texts per question: opening it loads none, loadTexts()
 * makes the synchronous reads retrieval makes possible, and a snapshot whose rows
 * were collected says so instead of serving nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../../src/store/pg/publish.js';
import { SnapshotGoneError } from '../../../src/store/pg/texts.js';
import { dropSchema, freshSchema, pgStore } from './helpers.js';

const META = { builtAt: '2024-01-01T00:00:00.000Z', embedder: { kind: 'local' as const, model: 'test', dimensions: 2 }, chunkSize: 300, chunkOverlap: 60 };
const schema = freshSchema('texts');
afterAll(() => dropSchema(schema));

const article = (id: string, text: string) => ({
  id, url: `https://www.rfa.org/${id}`, title: id, source: 'RFA', publishedAt: '2023-05-01T00:00:00.000Z', script: 'Hans' as const, text, hash: text, file: `${id}.txt`,
});

describe('PostgreSQL snapshot texts', () => {
  it('are read when loaded, not at open; a collected version is reported as such', async () => {
    const store = pgStore(schema);
    try {
      let w = await store.writer({ full: true, dimensions: 2 });
      const labels = await w.add([article('a', 'navy ship\nport call')], [
        { articleId: 'a', ordinal: 0, text: 'navy ship', tokens: ['navy', 'ship'] }, { articleId: 'a', ordinal: 1, text: 'port call', tokens: ['port', 'call'] },
      ], [[1, 0], [0, 1]]);
      await w.commit(META);
      const snap = (await store.open())!;
      expect(() => snap.chunk(labels[0]!)).toThrow(/read before loadTexts/);
      expect(() => snap.article('a')).toThrow(/read before loadTexts/);
      expect(snap.chunk(999)).toBeUndefined();
      await snap.loadTexts([labels[1]!, 999], ['a', 'nope']);
      expect(snap.chunk(labels[1]!)).toEqual({ label: labels[1], articleId: 'a', ordinal: 1, text: 'port call' });
      expect(snap.article('a')?.text).toBe('navy ship\nport call');
      expect(snap.articleByUrlNow('https://www.rfa.org/a')?.id).toBe('a');

      // Two newer versions, then everything they cannot see is collected at once.
      for (const text of ['city fare', 'city council']) {
        w = await store.writer({ full: true, dimensions: 2 });
        await w.add([article('b', text)], [{ articleId: 'b', ordinal: 0, text, tokens: text.split(' ') }], [[1, 1]]);
        await w.commit(META);
      }
      const client = await store.pool.connect();
      try {
        await collect(client, schema, 2, 3, 0);
      } finally {
        client.release();
      }
      const err = await snap.loadTexts([labels[0]!]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SnapshotGoneError);
      expect((err as Error).message).toMatch(/^index version 1 is no longer in the database \(the chunk table of generation 1 was collected after a newer version was published\)/);
      await expect(snap.knn([1, 0], 1)).rejects.toBeInstanceOf(SnapshotGoneError);
    } finally {
      await store.close();
    }
  });
});

