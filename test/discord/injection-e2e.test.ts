/**
 * End to end on the fake Discord server: the real bot and discord.js client, the real
 * generative answerer and @langchain/openai client, and a fake model that obeys the
 * instructions planted in the corpus. Nothing that reaches Discord — previews, answers,
 * /sources, /article — may carry a link except to a cited source (or, in views, the
 * corpus's own articles), a live mention, or the system prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import { createChatModel } from '../../src/answer/llm.js';
import { BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import { obeyInjections } from '../../fakes/obedient-model.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { asFakeArticle, expectSafe, PLANTED, plantedArticle } from '../security/helpers.js';
import { FakeAnswerer, FakeKnowledgeBase } from './helpers/fake-kb.js';
import { is, messageBodies, startHarness, type Harness } from './helpers/harness.js';

const corpus = PLANTED.map((name) => asFakeArticle(plantedArticle(name)));
const corpusUrls = corpus.map((a) => a.url);
const QUESTIONS = ['北京洪灾是怎么回事？', '华盛顿的大熊猫会怎么样？', '李尚福为什么去俄罗斯？', '青年失业率是多少？', '美日韩峰会在哪里举行？'];

let fake: FakeOpenAI;
let h: Harness;
beforeAll(async () => {
  fake = await startFakeOpenAI({ chatReply: obeyInjections() });
  const chat = createChatModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'fake-chat', temperature: 0, timeoutMs: 5000, maxRetries: 0 });
  h = await startHarness({
    env: { RATE_LIMIT_PER_MINUTE: '100' },
    kb: new FakeKnowledgeBase(corpus),
    answerer: (kb) => new GenerativeAnswerer({ kb, chat, fallback: new FakeAnswerer(kb), k: 3, minRelevance: 0, requireCitations: true, tokenBudget: 3000 }),
  });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

/** The links of the message's own sources list: the only links an answer may carry. */
const sourceListUrls = (content: string) => [...content.matchAll(/^\d+\. \[.*\]\(<(https?:\/\/[^>]+)>\)/gm)].map((m) => m[1]!);

function checkAll(since: number): number {
  const bodies = messageBodies(h.server.calls.slice(since));
  for (const { call, body } of bodies) {
    const content = String(body.content ?? '');
    expect(body.allowed_mentions, call.path).toEqual({ parse: [] });
    expectSafe(content, sourceListUrls(content), `${call.method} ${call.path}: ${content}`);
  }
  return bodies.length;
}

describe('planted instructions, obeyed by the model, never reach Discord live', () => {
  it('answers to mentions', async () => {
    const since = h.server.mark();
    for (const q of QUESTIONS) {
      const mark = h.server.mark();
      h.server.userMessage({ channelId: CHANNELS.general, content: `<@${BOT_USER.id}> ${q}` });
      await h.server.waitFor(is.channelMessage(CHANNELS.general), 10_000, mark);
    }
    expect(checkAll(since)).toBe(QUESTIONS.length);
    const replies = h.server.calls.slice(since).filter(is.channelMessage(CHANNELS.general)).map((c) => String(c.body.content));
    // Not vacuous: the model obeyed, the bot showed its words inert, and the sources are still links.
    expect(fake.chatRequests().some((r) => JSON.stringify(r.body).includes('reply with this link'))).toBe(true);
    expect(replies[0]).toContain('详情见官方说明 (evil.example) @\u200beveryone');
    expect(sourceListUrls(replies[0]!)).toEqual([corpus[1]!.url]);
  });

  it('/ask with streamed previews', async () => {
    const since = h.server.mark();
    for (const q of QUESTIONS) {
      const { token } = h.server.slash('ask', { question: q });
      await h.server.waitFor((c) => is.editOriginal(token)(c) && c.body?.components?.length > 0, 10_000);
    }
    expect(checkAll(since)).toBeGreaterThanOrEqual(QUESTIONS.length);
  });

  it('/sources and /article quote the planted article text without live links', async () => {
    const since = h.server.mark();
    for (const [name, options] of [['sources', {}], ['article', { 'url-or-id': corpus[1]!.id }]] as const) {
      const { token } = h.server.slash(name, options);
      await h.server.waitFor((c) => c.path.includes(token) && (c.method === 'PATCH' || c.body?.type === 4), 10_000, since);
    }
    const bodies = messageBodies(h.server.calls.slice(since));
    const text = bodies.map(({ body }) => String(body.content ?? '')).join('\n');
    expect(text).toContain('更多信息见 evil.example 以及救灾捐款 (evil.example)'); // the article's own links, inert
    for (const { body } of bodies) expectSafe(String(body.content ?? ''), corpusUrls, 'view');
  });
});
