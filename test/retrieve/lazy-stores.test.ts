import { describe, expect, it } from 'vitest';
import { formatLines } from '../../src/ingest/json-lines-array.js';
import { openDocstore } from '../../src/retrieve/lazy-docstore.js';
import { StoredArticles } from '../../src/retrieve/stored-articles.js';

const doc = (text: string, articleId: string) => ({ pageContent: text, metadata: { articleId, ordinal: 0 } });

describe('lazy docstore', () => {
  const entries: [string, ReturnType<typeof doc>][] = [
    ['0', doc('第一段。', 'a')],
    ['2', doc('第二段，含"引号"与\\反斜杠。', 'b')],
    ['7', doc('third', 'c')],
  ];
  const lines = formatLines(entries.map((e) => JSON.stringify(e)));

  it('finds each entry by label, including gaps left by removed chunks', () => {
    const store = openDocstore(lines, 'docstore.json');
    expect(store.search('2')).toEqual(entries[1]![1]);
    expect(store.search('7').pageContent).toBe('third');
    expect(() => store.search('1')).toThrow(/not found/);
    expect(() => store.search('99')).toThrow(/not found/);
  });

  it('shows every entry to whoever iterates it, as LangChain save() does', () => {
    const store = openDocstore(lines, 'docstore.json');
    expect(store._docs.size).toBe(3);
    expect(new Map(store._docs.entries())).toEqual(new Map(entries));
  });

  it('reads the older single-line layout', () => {
    const store = openDocstore(Buffer.from(JSON.stringify(entries)), 'docstore.json');
    expect(store.search('7').pageContent).toBe('third');
  });

  it('names the file when an entry has no numeric label', () => {
    expect(() => openDocstore(formatLines(['["x1",{}]']), '/idx/v-1/docstore.json')).toThrow(/\/idx\/v-1\/docstore\.json.*non-numeric label/);
  });
});

describe('stored articles', () => {
  const article = (id: string, url: string, title: string) => ({ id, url, title, publishedAt: '2024-01-01T00:00:00.000Z', source: 'VOA', script: 'hans', text: `${title}。正文` });
  const list = [
    article('a1', 'https://example.com/1', '第一篇'),
    article('b2', 'https://example.com/path?q="quoted"\\x', '第二篇'),
    article('c3', `https://example.com/${'长'.repeat(300)}`, '第三篇'),
  ];

  for (const [layout, buf] of [
    ['one article per line', formatLines(list.map((a) => JSON.stringify(a)))],
    ['older single line', Buffer.from(JSON.stringify(list))],
  ] as const) {
    it(`looks articles up by id and by URL (${layout})`, () => {
      const articles = StoredArticles.fromBuffer(buf);
      expect(articles.size).toBe(3);
      expect(articles.get('a1')?.title).toBe('第一篇');
      expect(articles.byUrl('https://example.com/path?q="quoted"\\x')?.id).toBe('b2');
      expect(articles.byUrl(list[2]!.url)?.title).toBe('第三篇');
      expect(articles.get('missing')).toBeUndefined();
      expect([...articles.all()]).toEqual(list);
    });
  }
});
