import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeStoryCases, scoreStories } from '../../bench/story-bench.js';
import { readCorpus } from '../../src/corpus/read.js';
import { DEFAULT_STORY_OPTIONS, groupStories, overlap, shingles, type StoryItem } from '../../src/retrieve/stories.js';
import { SEEDS_DIR } from '../helpers/corpus.js';

const NEWS = join(import.meta.dirname, '..', 'fixtures', 'news-corpus');
const SCRIPTS = join(import.meta.dirname, '..', 'fixtures', 'scripts-corpus');

describe('story overlap', () => {
  it('sees a copy in the other script as the same text, and a partial copy as contained', () => {
    const a = shingles('青松市地铁工人星期五开始无限期罢工，要求提高工资并缩短夜班时间。');
    expect(overlap(a, shingles('青松市地鐵工人星期五開始無限期罷工，要求提高工資並縮短夜班時間。'))).toBe(1);
    expect(overlap(a, shingles('青松市地铁工人星期五开始无限期罢工。另外，天气很好。'))).toBeGreaterThan(0.5);
    expect(overlap(a, shingles('海燕号科考船星期三从青松港启程。'))).toBeLessThan(0.1);
  });

  it('groups only different outlets within the day limit', () => {
    const text = new Map([['a', '同一篇报道的文字内容'], ['b', '同一篇报道的文字内容'], ['c', '同一篇报道的文字内容'], ['d', '同一篇报道的文字内容']]);
    const items: StoryItem[] = [
      { id: 'a', source: '自由亚洲电台', publishedAt: '2023-03-10T08:00:00Z' },
      { id: 'b', source: '自由亚洲电台', publishedAt: '2023-03-10T09:00:00Z' },
      { id: 'c', source: '美国之音', publishedAt: '2023-03-20T08:00:00Z' },
      { id: 'd', source: '德国之声', publishedAt: '2023-03-12T08:00:00Z' },
    ];
    const stories = groupStories(items, (id) => shingles(text.get(id)!));
    expect(Object.fromEntries(stories)).toEqual({ a: 'a', b: 'a', d: 'a' }); // b joins through d; c is ten days later
    expect(groupStories(items.slice(0, 2), (id) => shingles(text.get(id)!)).size).toBe(0);
  });

  it('keeps the seeds apart: one topic (China–Russia defence ties), different events', async () => {
    const { articles } = await readCorpus([SEEDS_DIR], { maxBytes: 2_000_000 });
    const items = articles.map((a, i) => ({ id: a.id, source: ['自由亚洲电台', '美国之音', '德国之声'][i % 3]!, publishedAt: '2023-04-17' }));
    const texts = new Map(articles.map((a) => [a.id, shingles(`${a.title}\n${a.text}`)]));
    expect(groupStories(items, (id) => texts.get(id)).size).toBe(0);
  });
});

describe('grouping synthetic near-duplicates of our own articles', () => {
  it('finds the re-worded and partly copied reports with few false pairs', async () => {
    // Less the fixture's DW copy of the RFA strike report: it is one story with it already.
    const articles = (await readCorpus([SEEDS_DIR, NEWS], { maxBytes: 2_000_000 })).articles.filter((a) => !a.url.includes('test-qingsong-strike/a-1001'));
    const filler = (await readCorpus([SCRIPTS], { maxBytes: 2_000_000 })).articles;
    const cases = makeStoryCases(articles, filler, articles.length, 10);
    const score = scoreStories(cases, DEFAULT_STORY_OPTIONS);
    expect(score.truePairs).toBeGreaterThanOrEqual(articles.length);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
  });
});
