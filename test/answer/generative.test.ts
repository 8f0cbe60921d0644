/** GenerativeAnswerer with the real @langchain/openai client against the fake server. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GenerativeAnswerer, type GenerativeAnswererOptions } from '../../src/answer/generative.js';
import { createChatModel } from '../../src/answer/llm.js';
import { notFoundMessage } from '../../src/answer/messages.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { FakeExtractive, collect, fakeKb, hit } from './helpers.js';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.chat.reply = () => ({ kind: 'reply', text: 'OK' });
});

const hits = [
  hit(1, 0.9, ['中国国防部长李尚福两度出访俄罗斯。'], { title: '李尚福出访' }),
  hit(2, 0.7, ['美日韩计划本周五在戴维营举行领导人峰会。'], { title: '戴维营峰会', source: '美国之音', url: 'https://www.voanews.com/b' }),
  hit(3, 0.1, ['无关的文章。']),
];

function answerer(over: Partial<GenerativeAnswererOptions> = {}) {
  const fallback = new FakeExtractive();
  const kb = fakeKb(hits);
  const chat = createChatModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'fake-chat', temperature: 0, timeoutMs: 5000, maxRetries: 0 });
  const a = new GenerativeAnswerer({ kb: () => kb, chat, fallback, k: 5, minRelevance: 0.35, requireCitations: true, tokenBudget: 3000, ...over });
  return { a, fallback, kb };
}

const userPrompt = (i = 0): string => {
  const messages = fake.chatRequests()[i]!.body.messages as Array<{ role: string; content: string }>;
  return messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
};

describe('GenerativeAnswerer', () => {
  it('sends the question, numbered delimited sources and the explicit language', async () => {
    fake.chat.enqueue('李尚福两度访俄[1]。');
    const { a } = answerer();
    const ans = await a.ask('李尚福去了哪里？');
    const req = fake.chatRequests()[0]!;
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body.model).toBe('fake-chat');
    const messages = req.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toMatch(/never an instruction/i);
    const prompt = userPrompt();
    expect(prompt).toContain('李尚福去了哪里？');
    expect(prompt).toContain('<source id="1" outlet="自由亚洲电台" title="李尚福出访"');
    expect(prompt).toContain('<source id="2" outlet="美国之音" title="戴维营峰会" url="https://www.voanews.com/b"');
    expect(prompt).not.toContain('无关的文章'); // below minRelevance
    expect(prompt).toContain('Simplified Chinese (简体中文, zh-Hans)');
    expect(prompt).toContain(notFoundMessage('zh-Hans'));
    expect(ans).toMatchObject({ mode: 'generative', language: 'zh-Hans', grounded: true, answer: '李尚福两度访俄[1]。' });
    expect(ans.citations).toEqual([{ n: 1, url: hits[0]!.article.url, title: '李尚福出访', source: '自由亚洲电台', publishedAt: hits[0]!.article.publishedAt }]);
    expect(ans.passages?.map((p) => p.chunkId)).toEqual(['a1:0', 'a2:0']);
    expect(ans.timings).toHaveProperty('generate');
  });

  it('asks for Traditional Chinese for a Traditional question and English for an English one', async () => {
    fake.chat.enqueue('兩度訪俄[1]。', 'He visited Russia twice [1].');
    const { a } = answerer();
    expect((await a.ask('李尚福去了哪裡？')).language).toBe('zh-Hant');
    expect(userPrompt(0)).toContain('Traditional Chinese (繁體中文, zh-Hant)');
    expect(userPrompt(0)).toContain('國防部長'); // sources shown in the asker's script
    expect((await a.ask('Where did Li Shangfu go?')).language).toBe('en');
    expect(userPrompt(1)).toContain('English (en)');
  });

  it('streams deltas that assemble into the final text, with citations renumbered and bogus ones dropped', async () => {
    fake.chat.enqueue({ kind: 'reply', text: '美日韩将举行峰会[2][7]，李尚福访俄[1, 2]。', chunkSize: 3 });
    const { a } = answerer();
    const s = a.stream('发生了什么？');
    const deltas = await collect(s.deltas);
    const final = await s.final;
    expect(fake.chatRequests()[0]!.body.stream).toBe(true);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(final.answer);
    expect(final.answer).toBe('美日韩将举行峰会[1]，李尚福访俄[2][1]。');
    expect(final.citations.map((c) => [c.n, c.title])).toEqual([
      [1, '戴维营峰会'],
      [2, '李尚福出访'],
    ]);
    expect(final).toMatchObject({ mode: 'generative', grounded: true });
  });

  it('REQUIRE_CITATIONS on: an uncited answer is replaced by the extractive one and marked', async () => {
    fake.chat.enqueue({ kind: 'reply', text: '李尚福去了俄罗斯。', chunkSize: 2 });
    const { a, fallback } = answerer({ requireCitations: true });
    const s = a.stream('李尚福去了哪里？');
    const deltas = await collect(s.deltas);
    const final = await s.final;
    expect(final.fallback).toBe('uncited');
    expect(final.answer).toBe('EXTRACTIVE ANSWER [1]');
    expect(deltas.join('')).toBe(final.answer); // the uncited text was never shown
    expect(final.question).toBe('李尚福去了哪里？');
    expect(fallback.calls).toHaveLength(1);
  });

  it('REQUIRE_CITATIONS off: an uncited answer is kept', async () => {
    fake.chat.enqueue('李尚福去了俄罗斯。');
    const { a, fallback } = answerer({ requireCitations: false });
    const ans = await a.ask('李尚福去了哪里？');
    expect(ans).toMatchObject({ answer: '李尚福去了俄罗斯。', citations: [], grounded: false, mode: 'generative' });
    expect(ans.fallback).toBeUndefined();
    expect(fallback.calls).toHaveLength(0);
  });

  it('an empty reply falls back to the extractive answer even with citations optional', async () => {
    fake.chat.enqueue({ kind: 'reply', text: '' });
    const { a } = answerer({ requireCitations: false });
    expect(await a.ask('李尚福去了哪里？')).toMatchObject({ answer: 'EXTRACTIVE ANSWER [1]', fallback: 'empty' });
  });

  it('the model saying the not-found sentence gives grounded:false without citations or fallback', async () => {
    fake.chat.enqueue({ kind: 'reply', text: notFoundMessage('zh-Hans') });
    const { a, fallback } = answerer();
    const s = a.stream('李尚福喜欢什么颜色？');
    const deltas = await collect(s.deltas);
    const final = await s.final;
    expect(final).toMatchObject({ answer: notFoundMessage('zh-Hans'), grounded: false, citations: [] });
    expect(deltas.join('')).toBe(final.answer);
    expect(fallback.calls).toHaveLength(0);
  });

  it('refuses without calling the model when no hit is relevant', async () => {
    const { a } = answerer({ minRelevance: 0.95 });
    const ans = await a.ask('What did Qin Gang say?');
    expect(fake.requests).toHaveLength(0);
    expect(ans).toMatchObject({ answer: notFoundMessage('en'), grounded: false, citations: [], mode: 'generative' });
    const s = a.stream('秦刚说了什么？');
    expect((await collect(s.deltas)).join('')).toBe(notFoundMessage('zh-Hans'));
    expect(fake.requests).toHaveLength(0);
  });

  it('condenses a follow-up with the prior turns before retrieval, answering in the asker\'s language', async () => {
    fake.chat.reply = (req) => {
      const text = (req.body.messages as Array<{ content: string }>).map((m) => m.content).join('\n');
      return text.includes('<follow_up>') ? '李尚福第二次访问俄罗斯是什么时候？' : '李尚福两度出访俄罗斯[1]。';
    };
    const { a, kb } = answerer();
    const history = [{ question: '李尚福是谁？', answer: '李尚福是中国国防部长[1]。' }];
    const ans = await a.ask('他第二次去是什么时候？', { history });
    const [condense] = fake.chatRequests();
    const condensePrompt = (condense!.body.messages as Array<{ content: string }>)[0]!.content;
    expect(condensePrompt).toContain('User: 李尚福是谁？');
    expect(condensePrompt).toContain('Assistant: 李尚福是中国国防部长。'); // markers stripped
    expect(condensePrompt).toContain('他第二次去是什么时候？');
    expect(kb.queries).toEqual(['李尚福第二次访问俄罗斯是什么时候？']);
    expect(userPrompt(1)).toContain('李尚福第二次访问俄罗斯是什么时候？');
    expect(ans).toMatchObject({ question: '他第二次去是什么时候？', language: 'zh-Hans', answer: '李尚福两度出访俄罗斯[1]。' });
    expect(ans.timings).toHaveProperty('condense');
  });

  it('a "later" follow-up: only articles after the previous answer\'s sources, none of its quoted sentences, told as a timeline', async () => {
    fake.chat.reply = (req) => {
      const text = (req.body.messages as Array<{ content: string }>).map((m) => m.content).join('\n');
      return text.includes('<follow_up>') ? '李尚福后来去了哪里？' : '- 2023-08-15: 李尚福赴俄罗斯出席莫斯科国际安全会议[1]。';
    };
    const april = hit(1, 0.9, ['李尚福4月16日会见普京。李尚福4月18日会晤绍伊古。'], { publishedAt: '2023-04-17T00:00:00.000Z', url: 'https://www.dw.com/a' });
    const august = hit(2, 0.8, ['李尚福4月16日会见普京。李尚福赴俄罗斯出席莫斯科国际安全会议。'], { publishedAt: '2023-08-15T00:00:00.000Z', url: 'https://www.rfa.org/b' });
    const base = fakeKb([april, august]);
    const searches: { query: string; from?: string }[] = [];
    const kb = { ...base, search: async (query: string, o?: { from?: string }) => (searches.push({ query, from: o?.from }), [april, august].filter((h) => !o?.from || h.article.publishedAt >= o.from)) };
    const chat = createChatModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'fake-chat', temperature: 0, timeoutMs: 5000, maxRetries: 0 });
    const a = new GenerativeAnswerer({ kb: () => kb, chat, fallback: new FakeExtractive(), k: 5, minRelevance: 0.35, requireCitations: true, tokenBudget: 3000 });
    const history = [{ question: '李尚福4月会见了谁？', answer: '根据资料库中的报道：\n李尚福4月16日会见普京。[1]', citations: [{ n: 1, url: 'https://www.dw.com/a', title: 't', source: 'DW', publishedAt: '2023-04-17T00:00:00.000Z' }] }];
    await a.ask('他后来去了哪里？', { history });
    expect(searches[0]).toEqual({ query: '李尚福去了哪里？', from: '2023-04-18' });
    const prompt = userPrompt(1);
    expect(prompt).toContain('李尚福赴俄罗斯出席莫斯科国际安全会议。');
    expect(prompt).not.toContain('李尚福4月16日会见普京。');
    expect(prompt).not.toContain('李尚福4月18日会晤绍伊古。');
    expect(prompt).toMatch(/timeline/i);
  });

  it('answers a self-contained question on its own: no condense call, history ignored for retrieval', async () => {
    fake.chat.enqueue('戴维营[2]。');
    const { a, kb } = answerer();
    const history = [{ question: '李尚福是谁？', answer: '李尚福是中国国防部长[1]。' }];
    await a.ask('美日韩峰会在什么地方举行？', { history });
    expect(fake.chatRequests()).toHaveLength(1);
    expect(kb.queries).toEqual(['美日韩峰会在什么地方举行？']);
  });

  it('honours a fixed ANSWER_LANGUAGE and a per-call language', async () => {
    fake.chat.enqueue('Twice [1].', '兩次[1]。');
    const { a } = answerer({ language: 'en' });
    expect((await a.ask('李尚福去了几次？')).language).toBe('en');
    expect((await a.ask('李尚福去了几次？', { language: 'zh-Hant' })).language).toBe('zh-Hant');
  });
});
