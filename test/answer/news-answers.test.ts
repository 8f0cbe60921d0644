/** Answers to news questions: what a filter left out, timelines, one story told by several outlets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import { createChatModel } from '../../src/answer/llm.js';
import { scopedNotFound } from '../../src/answer/scope-message.js';
import { buildIndex } from '../../src/ingest/build.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { parseNewsQuery } from '../../src/retrieve/news-query.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { cleanup, localBuildOptions, tempDir } from '../helpers/corpus.js';
import { FakeExtractive, fakeKb, hit } from './helpers.js';

const NEWS_CORPUS = join(import.meta.dirname, '..', 'fixtures', 'news-corpus');
const NOW = '2023-12-01';

describe('scopedNotFound', () => {
  it('names the outlet and the period in the asker\'s language', () => {
    const april = { source: '德国之声', from: '2023-04-01', to: '2023-04-30' };
    expect(scopedNotFound(april, 'en')).toBe('No DW articles from April 2023 in the corpus answer this question.');
    expect(scopedNotFound(april, 'zh-Hans')).toBe('资料库中没有德国之声2023年4月的文章回答这个问题。');
    expect(scopedNotFound(april, 'zh-Hant')).toBe('資料庫中沒有德國之聲2023年4月的文章回答這個問題。');
    expect(scopedNotFound({ from: '2023-01-01', to: '2023-12-31' }, 'en')).toBe('No articles from 2023 in the corpus answer this question.');
    expect(scopedNotFound({ from: '2023-08-01' }, 'zh-Hans')).toBe('资料库中没有2023年8月1日以来的文章回答这个问题。');
    expect(scopedNotFound({ source: '美国之音', to: '2023-04-30' }, 'en')).toBe('No VOA articles up to 2023-04-30 in the corpus answer this question.');
    expect(scopedNotFound({}, 'en')).toBeUndefined();
  });
});

describe('extractive answers over dated articles', () => {
  let index: string;
  let kb: LoadedKnowledgeBase;
  let answerer: ExtractiveAnswerer;
  beforeAll(async () => {
    index = await tempDir('qa-news-answers-');
    await buildIndex(localBuildOptions(NEWS_CORPUS, index));
    kb = await openKnowledgeBase(index, { referenceDate: NOW });
    answerer = new ExtractiveAnswerer(() => kb, { k: 5, minRelevance: 0.3 });
  });
  afterAll(() => cleanup(index));

  it('says which outlet and month had nothing (Simplified and English)', async () => {
    const zh = await answerer.ask('美国之音8月关于海燕号科考船的报道说了什么？');
    expect(zh.grounded).toBe(false);
    expect(zh.answer.split('\n')[0]).toBe('资料库中没有美国之音2023年8月的文章回答这个问题。');
    const en = await answerer.ask('What did VOA report in August about the Haiyan research ship?');
    expect(en.answer.split('\n')[0]).toBe('No VOA articles from August 2023 in the corpus answer this question.');
  });

  it('answers from the named outlet although its name is not in the text', async () => {
    const a = await answerer.ask('自由亚洲电台9月关于海燕号科考船的报道说了什么？');
    expect(a.grounded).toBe(true);
    expect(a.citations.map((c) => c.source)).toEqual(['自由亚洲电台']);
  });

  it('uses the question\'s own reference day (AskOptions.now)', async () => {
    const a = await answerer.ask('上个月青松地铁罢工是怎么结束的？', { now: '2023-06-05' });
    expect(a.grounded).toBe(true);
    expect(a.citations[0]?.url).toContain('qingsong-strike-ends');
  });

  it('tells a timeline as dated, cited points, oldest first, one per story', async () => {
    const a = await answerer.ask('青松地铁罢工的来龙去脉是什么？');
    const lines = a.answer.split('\n').slice(1);
    const days = lines.map((l) => /^- (\d{4}-\d{2}-\d{2}) /.exec(l)?.[1]);
    expect(days.length).toBeGreaterThanOrEqual(3);
    expect(days.every(Boolean)).toBe(true);
    expect(days).toEqual([...days].sort());
    for (const l of lines) expect(l).toMatch(/\[\d\]$/);
    // RFA (10 March) and DW (11 March) told the start of the strike: one point, the other report listed with it.
    expect(days.filter((d) => d?.startsWith('2023-03'))).toHaveLength(1);
    expect(a.citations[0]?.related?.length).toBe(1);
  });

  it('answers "which reports…" with the dated reports themselves, and refuses when they lack its names', async () => {
    const a = await answerer.ask('有哪些关于青松地铁罢工的报道？');
    expect(a.grounded).toBe(true);
    const days = a.answer.split('\n').slice(1).map((l) => /^- (\d{4}-\d{2}-\d{2}) /.exec(l)?.[1]);
    expect(days.length).toBeGreaterThanOrEqual(2);
    expect(days).toEqual([...days].sort());
    expect(a.citations.filter((c) => c.url.includes('strike')).length).toBeGreaterThanOrEqual(2);
    // The same question about a year the articles never mention is not answered with them.
    const other = await answerer.ask('有哪些关于2019年青松地铁罢工的报道？');
    expect(other.grounded).toBe(false);
  });

  it('cites near-copies from two outlets as one source with the other listed', async () => {
    const a = await answerer.ask('青松市地铁工人为什么罢工？');
    expect(a.grounded).toBe(true);
    const first = a.citations[0]!;
    expect(first.related?.map((r) => r.source)).toEqual([first.source === '德国之声' ? '自由亚洲电台' : '德国之声']);
    expect(a.citations.filter((c) => c.url.includes('qingsong-strike-0310') || c.url.includes('test-qingsong-strike/'))).toHaveLength(1);
  });
});

describe('generative answers to news questions', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  const make = (hits: ReturnType<typeof hit>[]) => {
    const kb = { ...fakeKb(hits), understand: (q: string, now?: string) => parseNewsQuery(q, now ?? NOW) };
    const chat = createChatModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'fake-chat', temperature: 0, timeoutMs: 5000, maxRetries: 0 });
    return new GenerativeAnswerer({ kb: () => kb, chat, fallback: new FakeExtractive(), k: 5, minRelevance: 0.35, requireCitations: true, tokenBudget: 3000 });
  };

  it('asks for a timeline with the timeline prompt', async () => {
    fake.chat.enqueue('- 地铁工人开始罢工。[1]\n- 罢工结束。[2]');
    const a = make([hit(1, 0.9, ['地铁工人开始罢工。']), hit(2, 0.8, ['罢工结束。'])]);
    const ans = await a.ask('青松地铁罢工的来龙去脉');
    const messages = fake.chatRequests().at(-1)!.body.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-1)!.content).toMatch(/one line per dated point, oldest first/);
    expect(ans.citations).toHaveLength(2);
  });

  it('says what the filter left out without calling the model', async () => {
    const before = fake.chatRequests().length;
    const ans = await make([hit(1, 0.1, ['无关。'])]).ask('德国之声4月关于青松地铁的报道说了什么？');
    expect(ans.answer).toBe('资料库中没有德国之声2023年4月的文章回答这个问题。');
    expect(fake.chatRequests().length).toBe(before);
  });

  it('lists a cited story\'s other reports with its citation', async () => {
    fake.chat.enqueue('工人罢工[1]。');
    const other = hit(2, 0.8, ['工人罢工。'], { source: '德国之声', url: 'https://www.dw.com/zh/x' });
    const first = { ...hit(1, 0.9, ['工人罢工。']), story: 'a1', related: [other.article] };
    const ans = await make([first, { ...other, story: 'a1', related: [first.article] }]).ask('工人为什么罢工？');
    expect(ans.citations[0]?.related?.map((r) => r.url)).toEqual(['https://www.dw.com/zh/x']);
  });
});
