import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildIndex } from '../../src/ingest/build.js';
import { hybridSearch } from '../../src/retrieve/hybrid.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import type { SearchHit } from '../../src/types.js';
import { cleanup, localBuildOptions, SEEDS_DIR, tempDir } from '../helpers/corpus.js';

/** Our own dated articles: one strike told by RFA and DW a day apart, its end (VOA), fares (DW), a ship (VOA, RFA), two undated-looking encyclopedia pages. */
export const NEWS_CORPUS = join(import.meta.dirname, '..', 'fixtures', 'news-corpus');
const NOW = '2023-12-01';

let index: string;
let kb: LoadedKnowledgeBase;
beforeAll(async () => {
  index = await tempDir('qa-news-');
  await buildIndex(localBuildOptions(NEWS_CORPUS, index, { corpusDirs: [NEWS_CORPUS, SEEDS_DIR] }));
  kb = await openKnowledgeBase(index, { referenceDate: NOW });
});
afterAll(() => cleanup(index));

const day = (h: SearchHit) => h.article.publishedAt.slice(0, 10);
const rows = (hits: SearchHit[]) => hits.map((h) => [h.article.url, h.score, h.relevance]);

describe('questions with no outlet, date or intent words', () => {
  const plain = [
    '青松市地铁工人为什么罢工？',
    '林晓峰说了什么？',
    '海燕号科考船发现了什么？',
    '中國防長會見了誰？',
    'What did Qin Gang say to Baerbock?',
    '南极磷虾是什么',
    '三个代表是什么？',
    'Theresa May met whom?',
    '1995年开通了什么？',
  ];

  it.each(plain)('ranks %s exactly as the plain hybrid search', async (q) => {
    for (const k of [1, 5, 10]) expect(rows(await kb.search(q, { k }))).toEqual(rows(await hybridSearch(kb, q, { k })));
  });

  it('keeps explicit filters as they were', async () => {
    const opts = { k: 5, source: 'dw.com', from: '2023-03-01', to: '2023-03-31' };
    expect(rows(await kb.search('青松地铁罢工', opts))).toEqual(rows(await hybridSearch(kb, '青松地铁罢工', opts)));
  });
});

describe('outlets and dates in the question', () => {
  it('filters by the named outlet and month (Traditional question)', async () => {
    const hits = await kb.search('德國之聲3月關於青松地鐵罷工的報導說了什麼？', { k: 5 });
    expect(hits[0]?.article.url).toContain('dw.com/zh/test-qingsong-strike');
    for (const h of hits) expect([h.article.source, day(h).slice(0, 7)]).toEqual(['德国之声', '2023-03']);
  });

  it('resolves "last month" against the reference day the options give', async () => {
    const hits = await kb.search('上个月青松地铁罢工怎么样了？', { k: 3, now: '2023-06-10' });
    expect(hits[0]?.article.url).toContain('qingsong-strike-ends');
    for (const h of hits) expect(day(h) >= '2023-05-01' && day(h) <= '2023-05-31').toBe(true);
  });

  it('filters English questions by outlet and month', async () => {
    const hits = await kb.search('What did RFA report in September about the Haiyan research ship?', { k: 3 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect([h.article.source, day(h).slice(0, 7)]).toEqual(['自由亚洲电台', '2023-09']);
  });

  it('an explicit option wins over the question', async () => {
    const hits = await kb.search('德国之声关于青松地铁的报道', { k: 5, source: 'voachinese.com' });
    for (const h of hits) expect(h.article.source).toBe('美国之音');
  });
});

describe('latest, recent and timelines', () => {
  it('"latest" is the newest relevant article, not the newest file', async () => {
    const hits = await kb.search('青松地铁罢工的最新报道', { k: 5 });
    expect(hits[0]?.article.url).toContain('test-qingsong-fares');
    const dated = hits.filter((h) => h.relevance >= 0.3).map(day);
    expect(dated.slice(0, 3)).toEqual([...dated.slice(0, 3)].sort().reverse());
  });

  it('/latest without the word: the latest option', async () => {
    const hits = await kb.search('海燕号科考船', { k: 2, latest: true });
    expect(hits.map(day)).toEqual(['2023-09-15', '2023-04-05']);
  });

  it('a timeline lists the relevant articles oldest first', async () => {
    const hits = await kb.search('青松地铁罢工的来龙去脉', { k: 5 });
    const relevant = hits.filter((h) => h.relevance >= 0.3).map(day);
    expect(relevant.length).toBeGreaterThanOrEqual(3);
    expect(relevant).toEqual([...relevant].sort());
  });
});

describe('one story, several outlets', () => {
  it('marks the RFA and DW reports of the strike as one story', async () => {
    const hits = await kb.search('青松市地铁工人为什么罢工？', { k: 5 });
    const rfa = hits.find((h) => h.article.url.includes('rfa.org'));
    const dw = hits.find((h) => h.article.url.includes('dw.com/zh/test-qingsong-strike'));
    expect(rfa?.story).toBeDefined();
    expect(rfa?.story).toBe(dw?.story);
    expect(rfa?.related?.map((a) => a.url)).toEqual([dw?.article.url]);
    // The end of the strike (VOA, two months later) and the fares (same outlet as DW) are other stories.
    for (const h of hits.filter((x) => x !== rfa && x !== dw)) expect(h.story).toBeUndefined();
  });
});

describe('understanding on the knowledge base', () => {
  it('uses the configured reference day', () => {
    expect(kb.understand('上个月的报道').constraints).toEqual({ from: '2023-11-01', to: '2023-11-30' });
    expect(kb.understand('上个月的报道', '2023-02-15').constraints).toEqual({ from: '2023-01-01', to: '2023-01-31' });
  });

  it('lists the newest articles of an outlet', () => {
    expect(kb.newest(2, '德国之声').map((a) => a.publishedAt.slice(0, 10))).toEqual(['2023-08-02', '2023-04-19']);
  });
});
