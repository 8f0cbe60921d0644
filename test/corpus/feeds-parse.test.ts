/** Feed XML → items, and items → corpus files the indexer reads back unchanged. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeedXml } from '../../src/corpus/feeds/parse-feed.js';
import { formatArticleFile } from '../../src/corpus/format.js';
import { parseArticle } from '../../src/corpus/parse.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'feeds');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const FEED = 'https://feeds.example/feed.xml';

describe('parseFeedXml', () => {
  it('reads RSS 2.0 and prefers content:encoded to description', () => {
    const { items, problems } = parseFeedXml(fixture('rfa-mandarin.xml'), FEED);
    expect(problems).toEqual([]);
    expect(items.map((i) => i.url)).toEqual([
      'https://www.rfa.org/mandarin/yataibaodao/huanjing/desalination-11242026093000.html',
      'https://www.rfa.org/mandarin/yataibaodao/jingmao/cotton-11232026181500.html',
    ]);
    expect(items[0]!.title).toBe('元朗海水淡化厂正式投产 每日可供应二十七万立方米食水');
    expect(items[0]!.publishedMs).toBe(Date.UTC(2026, 10, 24, 9, 30));
    expect(items[0]!.html).toContain('每日可供应二十七万立方米食水，约占全港用水量的百分之八');
    expect(items[0]!.html).not.toContain('第二座海水淡化厂周二正式投产'); // the description
  });

  it('reads Atom in Traditional script, content before summary, markup out of an HTML title', () => {
    const { items } = parseFeedXml(fixture('voa-cantonese.atom.xml'), FEED);
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe('金門啟用首條海底電纜備援系統 台電稱斷纜也能維持通訊');
    expect(items[0]!.url).toBe('https://www.voacantonese.com/a/kinmen-cable-backup-20261124/7654321.html');
    expect(items[0]!.publishedMs).toBe(Date.UTC(2026, 10, 24, 6));
    expect(items[0]!.html).toMatch(/^<p>台灣離島金門縣政府週二宣布/);
  });

  it('reads RDF (RSS 1.0) with dc:date and a non-ASCII link', () => {
    const { items } = parseFeedXml(fixture('dw-chinese.rdf'), FEED);
    expect(items).toHaveLength(1);
    expect(items[0]!.url).toBe('https://www.dw.com/zh/%E6%9F%8F%E6%9E%97%E7%94%B5%E5%8A%A8%E5%85%AC%E4%BA%A4/a-70123456');
    expect(items[0]!.publishedMs).toBe(Date.UTC(2026, 10, 22, 13, 5));
    expect(items[0]!.html).toContain('柴油巴士');
  });

  it('reports an item without a link and keeps the rest', () => {
    const { items, problems } = parseFeedXml(fixture('rfa-cantonese-duplicates.xml'), FEED);
    expect(items).toHaveLength(2); // both copies of the duplicate; the fetcher keeps the latest
    expect(problems).toEqual(['item 3 ("沒有連結的快訊"): no link']);
  });

  it('resolves relative links, escapes Atom plain text, falls back to the body for a missing title', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2026-11-01T00:00:00Z</updated>
      <entry><id>1</id><link href="/a/1.html"/><updated>2026-11-01T00:00:00Z</updated><summary>五 &lt; 六，这是摘要。</summary></entry></feed>`;
    const [item] = parseFeedXml(atom, 'https://www.voachinese.com/api/feed').items;
    expect(item!.url).toBe('https://www.voachinese.com/a/1.html');
    expect(item!.html).toBe('<p>五 &lt; 六，这是摘要。</p>');
    expect(item!.title).toBe('五 < 六，这是摘要。');
  });

  it('rejects malformed XML and things that are not feeds, naming the problem', () => {
    expect(() => parseFeedXml(fixture('malformed.xml'), FEED)).toThrow(/^malformed XML: line 7: /);
    expect(() => parseFeedXml('<html><body>Service unavailable</body></html>', FEED)).toThrow(/^not an RSS, Atom or RDF feed/);
    expect(() => parseFeedXml('', FEED)).toThrow(/malformed XML|not an RSS/);
  });
});

describe('formatArticleFile', () => {
  it('writes the seed format, which the corpus parser reads back', () => {
    const text = formatArticleFile({ publishedMs: 1795512600000, title: '标题 [快讯] \\ 二\n行', url: 'https://www.rfa.org/a_(b).html' }, '<p>正文。</p>');
    expect(text.split('\n').slice(0, 3)).toEqual(['<!--1795512600000-->', '[标题 \\[快讯\\] \\\\ 二 行](https://www.rfa.org/a_(b).html)', '------']);
    const a = parseArticle(text, 'x.txt');
    expect(a).toMatchObject({ title: '标题 [快讯] \\ 二 行', url: 'https://www.rfa.org/a_(b).html', publishedAt: '2026-11-24T09:30:00.000Z', text: '正文。' });
  });
});
