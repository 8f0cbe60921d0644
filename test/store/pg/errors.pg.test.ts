/** An index in PostgreSQL built with one embedder and asked with another is refused in one line, either way round. */
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/cli/errors.js';
import { IndexMismatchError, openKnowledgeBase, type ServedSnapshot } from '../../../src/retrieve/knowledge-base.js';
import type { EmbedderInfo } from '../../../src/types.js';
import { dropSchema, freshSchema, pgStore } from './helpers.js';

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});

const LOCAL: EmbedderInfo = { kind: 'local', model: 'lsa-hash-v3', dimensions: 4 };
const OPENAI: EmbedderInfo = { kind: 'openai', model: 'text-embedding-3-small', dimensions: 4 };

async function indexBuiltWith(embedder: EmbedderInfo) {
  const schema = freshSchema('mismatch');
  schemas.push(schema);
  const store = pgStore(schema);
  const w = await store.writer({ full: true, dimensions: 4 });
  const a = { id: 'a', url: 'https://www.voachinese.com/a/1', title: 't', source: 'VOA', publishedAt: '2023-05-01T00:00:00.000Z', script: 'Hans' as const, text: 'metro fare', hash: 'h', file: 'a.txt' };
  await w.add([a], [{ articleId: 'a', ordinal: 0, text: 'metro fare', tokens: ['metro', 'fare'] }], [[1, 0, 0, 0]]);
  await w.commit({ builtAt: '2024-01-01T00:00:00.000Z', embedder, chunkSize: 300, chunkOverlap: 60 });
  return store;
}

describe('PostgreSQL index and the configured embedder', () => {
  it.each([
    ['local', 'openai', LOCAL, OPENAI],
    ['openai', 'local', OPENAI, LOCAL],
  ])('built with %s, asked with %s: one line naming both and the fix', async (_built, _asked, built, asked) => {
    const store = await indexBuiltWith(built);
    try {
      const err = await openKnowledgeBase<ServedSnapshot>('/unused', { store, embedderInfo: asked }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexMismatchError);
      const { lines, code } = describeError('ask', err);
      expect(code).toBe(1);
      expect(lines).toEqual([`ask: the index was built with ${built.kind}:${built.model} (4 dims) but the configured embedder is ${asked.kind}:${asked.model} (4 dims); re-index with \`npm run index -- --full\``]);
    } finally {
      await store.close();
    }
  });
});
