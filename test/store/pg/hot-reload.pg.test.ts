/** Hot reload across processes: another process serving the store switches to a new version within seconds of the commit. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, pgStore, pgUrl } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const schema = freshSchema('reload');
afterAll(() => dropSchema(schema));

const article = (id: string, text: string) => ({
  id, url: `https://www.dw.com/zh/${id}`, title: id, source: 'DW', publishedAt: '2023-05-01T00:00:00.000Z', script: 'Hans' as const, text, hash: text, file: `${id}.txt`,
});
const META = { builtAt: '2024-01-01T00:00:00.000Z', embedder: { kind: 'local' as const, model: 'test', dimensions: 2 }, chunkSize: 300, chunkOverlap: 60 };

describe('PostgreSQL hot reload across processes', () => {
  it('a reader process picks up each commit, never a writer\'s uncommitted rows', async () => {
    const store = pgStore(schema);
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'test/store/pg/reader-child.ts'), pgUrl(), schema, '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: { version: string; articles: number; texts: string[]; at: number }[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const waitFor = async (n: number, ms: number) => {
      for (const end = Date.now() + ms; lines.length < n && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
      expect(lines.length, stderr).toBeGreaterThanOrEqual(n);
    };
    try {
      let w = await store.writer({ full: true, dimensions: 2 });
      await w.add([article('a', 'metro fare')], [{ articleId: 'a', ordinal: 0, text: 'metro fare', tokens: ['metro', 'fare'] }], [[1, 0]]);
      await w.commit(META);
      await waitFor(1, 30_000);
      expect(lines[0]).toMatchObject({ articles: 1, texts: [] });

      w = await store.writer({ full: false, dimensions: 2 });
      await w.add([article('b', 'city council')], [{ articleId: 'b', ordinal: 0, text: 'city council', tokens: ['city', 'council'] }], [[0, 1]]);
      await new Promise((r) => setTimeout(r, 500)); // written, not committed: the reader stays on version 1
      expect(lines).toHaveLength(1);
      const committed = Date.now();
      const version = await w.commit(META);
      await waitFor(2, 10_000);
      expect(lines[1]).toMatchObject({ version, articles: 2, texts: ['city council'] });
      expect(lines[1]!.at - committed).toBeLessThan(5000);
    } finally {
      child.kill('SIGTERM');
      await store.close();
    }
  });
});

describe('PostgreSQL reload within a process', () => {
  it('decodes only the segments it has not seen: a reload after an incremental run reads just the new one', async () => {
    const reloadSchema = freshSchema('reload');
    const store = pgStore(reloadSchema);
    const partsRead: string[] = [];
    const query = store.pool.query.bind(store.pool) as (...args: unknown[]) => unknown;
    (store.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const sql = String(args[0]);
      if (/FROM \w+\.lexical_parts WHERE segment = ANY/.test(sql)) partsRead.push(String((args[1] as unknown[][])[0]));
      return query(...args);
    };
    try {
      const put = async (full: boolean, id: string, text: string) => {
        const w = await store.writer({ full, dimensions: 2 });
        await w.add([article(id, text)], [{ articleId: id, ordinal: 0, text, tokens: text.split(' ') }], [[1, 0]]);
        return w.commit(META);
      };
      await put(true, 'a', 'metro fare');
      const first = (await store.open())!;
      await put(false, 'b', 'city council');
      const second = (await store.open())!;
      expect(partsRead).toEqual(['1', '2']);
      expect([first.lexicon.docCount, second.lexicon.docCount, second.lexicon.df('council'), first.lexicon.df('council')]).toEqual([1, 2, 1, 0]);
    } finally {
      await store.close();
      await dropSchema(reloadSchema);
    }
  });
});
