import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatLines } from '../../src/store/lines.js';
import { ChunkTexts } from '../../src/store/chunk-texts.js';
import { StoredArticles } from '../../src/store/articles.js';

const doc = (text: string, articleId: string) => ({ pageContent: text, metadata: { articleId, ordinal: 0 } });

describe('chunk texts', () => {
  const entries: [string, ReturnType<typeof doc>][] = [
    ['0', doc('第一段。', 'a')],
    ['2', doc('第二段，含"引号"与\\反斜杠。', 'b')],
    ['7', doc('third', 'c')],
  ];
  const lines = formatLines(entries.map((e) => JSON.stringify(e)));

  it('finds each entry by label, including gaps left by removed chunks', () => {
    const texts = ChunkTexts.fromBuffer(lines, 'docstore.json');
    expect(texts.get(2)).toEqual(entries[1]![1]);
    expect(texts.get(7)?.pageContent).toBe('third');
    expect(texts.get(1)).toBeUndefined();
    expect(texts.get(99)).toBeUndefined();
  });

  it('returns every entry it holds, each parsed once', () => {
    const texts = ChunkTexts.fromBuffer(lines, 'docstore.json');
    expect(new Map(entries.map(([label]) => [label, texts.get(Number(label))]))).toEqual(new Map(entries));
    expect(texts.get(0)).toBe(texts.get(0));
  });

  it('keeps a bounded number of parsed chunks, and reads an evicted one again the same', () => {
    const many = Array.from({ length: 5000 }, (_, i) => JSON.stringify([String(i), doc(`第${i}段。`, `a${i}`)]));
    const texts = ChunkTexts.fromBuffer(formatLines(many), 'docstore.json');
    const first = texts.get(0);
    for (let i = 1; i < 5000; i++) texts.get(i);
    const again = texts.get(0);
    expect(again).toEqual(first);
    expect(again).not.toBe(first); // parsed anew: the first parse was let go
    expect(texts.get(4999)).toBe(texts.get(4999));
  });

  it('refuses the older single-line layout (format 3 dropped the fallbacks)', () => {
    expect(() => ChunkTexts.fromBuffer(Buffer.from(JSON.stringify(entries)), 'docstore.json')).toThrow(/docstore\.json is not one entry per line/);
  });

  it('reads labels from a base (a segment\'s first label)', () => {
    const texts = ChunkTexts.fromBuffer(formatLines(['["1000",{"pageContent":"x","metadata":{"articleId":"a","ordinal":0}}]']), 'docstore.json', 1000);
    expect(texts.get(1000)?.pageContent).toBe('x');
    expect(texts.get(0)).toBeUndefined();
  });

  it('names the file when an entry has no numeric label', () => {
    expect(() => ChunkTexts.fromBuffer(formatLines(['["x1",{}]']), '/idx/v-1/docstore.json')).toThrow(/\/idx\/v-1\/docstore\.json.*non-numeric label/);
  });
});

describe('stored articles', () => {
  const article = (id: string, url: string, title: string) => ({ id, url, title, publishedAt: '2024-01-01T00:00:00.000Z', source: 'VOA', script: 'hans', text: `${title}。正文` });
  const list = [
    article('a1', 'https://example.com/1', '第一篇'),
    article('b2', 'https://example.com/path?q="quoted"\\x', '第二篇 "引" \\ 号'),
    article('c3', `https://example.com/${'长'.repeat(300)}`, '第三篇'),
  ];

  for (const [layout, buf] of [
    ['one article per line', formatLines(list.map((a) => JSON.stringify(a)))],
  ] as const) {
    it(`looks articles up by id and by URL (${layout})`, () => {
      const articles = StoredArticles.fromBuffer(buf);
      expect(articles.size).toBe(3);
      expect(articles.get('a1')?.title).toBe('第一篇');
      expect(articles.byUrl('https://example.com/path?q="quoted"\\x')?.id).toBe('b2');
      expect(articles.byUrl(list[2]!.url)?.title).toBe('第三篇');
      expect(articles.get('missing')).toBeUndefined();
      expect(articles.allMeta()).toEqual(list.map(({ text: _text, ...meta }) => meta));
      expect(articles.get('c3')?.text).toBe('第三篇。正文');
    });
  }
});

describe('stores read from their files as needed', () => {
  it('finds entries on either side of the 1 MiB scanning steps, and keeps them readable after the file is deleted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lazy-file-'));
    try {
      // Entries of ~300 KB, one of 1.5 MB: lines and their heads straddle the scanner's 1 MiB reads.
      const texts = Array.from({ length: 12 }, (_, i) => `${i}号`.repeat(i === 5 ? 300_000 : 60_000));
      const path = join(dir, 'docstore.json');
      await writeFile(path, formatLines(texts.map((t, i) => JSON.stringify([String(i * 3), doc(t, `a${i}`)]))));
      const chunks = ChunkTexts.open(path);
      await rm(path);
      texts.forEach((t, i) => expect(chunks.get(i * 3)?.pageContent, `label ${i * 3}`).toBe(t));
      expect(chunks.get(1)).toBeUndefined();
      chunks.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses the older single-line layout', () => {
    expect(() => StoredArticles.fromBuffer(Buffer.from(JSON.stringify([{ id: 'x', url: 'https://example.com/x' }])))).toThrow(/not one article per line/);
  });

  it('reads articles from their file, and refuses the older single-line layout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lazy-file-'));
    try {
      const list = [1, 2, 3].map((n) => ({ id: `id${n}`, url: `https://example.com/${n}`, title: `标题${n}`, publishedAt: '2024-01-01T00:00:00.000Z', source: 'RFA', script: 'hant', text: `正文${n}`.repeat(n * 1000) }));
      await writeFile(join(dir, 'one-line.json'), Buffer.from(JSON.stringify(list)));
      expect(() => StoredArticles.open(join(dir, 'one-line.json'))).toThrow(/one-line\.json is not one article per line/);
      for (const [name, bytes] of [['lines.json', formatLines(list.map((a) => JSON.stringify(a)))]] as const) {
        await writeFile(join(dir, name), bytes);
        const articles = StoredArticles.open(join(dir, name));
        expect(articles.byUrl('https://example.com/3')?.text, name).toBe(list[2]!.text);
        expect(articles.allMeta().map((m) => m.title), name).toEqual(['标题1', '标题2', '标题3']);
        articles.release();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
