/**
 * Fail fast and fall back: a server that is not there is named within about a
 * second, a misconfiguration is not "temporary", a deadline that passes during
 * the client's retry backoff reports the 429/5xx it was retrying, and a local
 * index still answers (extractively, saying why) when the chat model is gone.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LlmRateLimitError, LlmRequestError, LlmServerError, LlmUnreachableError } from '../../src/answer/errors.js';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import { createChatModel, invokeChat } from '../../src/answer/llm.js';
import { HumanMessage } from '@langchain/core/messages';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { FakeExtractive, collect, fakeKb, hit } from './helpers.js';

let fake: FakeOpenAI;
let closedURL: string;

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  closedURL = `http://127.0.0.1:${await closedPort()}/v1`;
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.chat.reply = () => ({ kind: 'reply', text: 'OK' });
});

const chatAt = (baseURL: string, timeoutMs = 30_000, maxRetries = 2) =>
  createChatModel({ apiKey: 'k', baseURL, model: 'm', temperature: 0, timeoutMs, maxRetries, connectTimeoutMs: 800 });
const call = (baseURL: string, timeoutMs?: number, maxRetries?: number) =>
  invokeChat(chatAt(baseURL, timeoutMs, maxRetries), [new HumanMessage('hi')], { timeoutMs: timeoutMs ?? 30_000 }).catch((e: unknown) => e);

describe('fail fast', () => {
  it('connection refused fails in about a second and names the URL (retries configured)', async () => {
    const t0 = Date.now();
    const err = await call(closedURL);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(err).toBeInstanceOf(LlmUnreachableError);
    expect((err as Error).message).toContain(closedURL);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as LlmUnreachableError).userMessage).not.toMatch(/temporar|try again later/i);
  });

  it('a bad key or an unknown model is a setup problem, never "temporary"', async () => {
    fake.chat.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key' }, { kind: 'error', status: 404, message: 'model not found' });
    const bad = await call(fake.baseURL);
    expect(bad).toBeInstanceOf(LlmRequestError);
    expect((bad as Error).message).toMatch(/HTTP 401.*OPENAI_API_KEY/);
    const missing = await call(fake.baseURL);
    expect((missing as Error).message).toMatch(/HTTP 404.*CHAT_MODEL/);
    for (const e of [bad, missing]) expect((e as LlmRequestError).userMessage).not.toMatch(/temporar|try again later/i);
  });

  it('a 429 retried past a short deadline shows as rate limited, not as a timeout', async () => {
    fake.chat.reply = () => ({ kind: 'rateLimit', retryAfter: '5' });
    const err = await call(fake.baseURL, 700, 2);
    expect(err).toBeInstanceOf(LlmRateLimitError);
    expect((err as Error).message).toContain('700 ms deadline');
  });

  it('a 5xx retried past a short deadline shows as a server error, not as a timeout', async () => {
    fake.chat.reply = () => ({ kind: 'error', status: 503, message: 'overloaded' });
    const err = await call(fake.baseURL, 600, 3);
    expect(err).toBeInstanceOf(LlmServerError);
    expect((err as LlmServerError).status).toBe(503);
  });
});

describe('fall back to the articles when the chat model is unreachable', () => {
  const kb = fakeKb([hit(1, 0.9, ['中国国防部长李尚福两度出访俄罗斯。'])]);
  const make = () => {
    const fallback = new FakeExtractive();
    const a = new GenerativeAnswerer({ kb: () => kb, chat: chatAt(closedURL), fallback, k: 5, minRelevance: 0.35, requireCitations: true, tokenBudget: 3000 });
    return { a, fallback };
  };

  it('ask(): the extractive answer, one line saying why, in the asker\'s language', async () => {
    const { a, fallback } = make();
    const ans = await a.ask('李尚福去了哪里？');
    expect(ans.fallback).toBe('unreachable');
    expect(ans.answer.split('\n')).toEqual(['（无法连接 AI 模型，以下直接引用文章作答。）', 'EXTRACTIVE ANSWER [1]']);
    expect(fallback.calls[0]?.question).toBe('李尚福去了哪里？');
  });

  it('stream(): the deltas carry the same answer; a follow-up is answered through its rewrite', async () => {
    const { a, fallback } = make();
    const s = a.stream('Where did he go after that?', { history: [{ question: 'Who did Li Shangfu meet in Moscow?', answer: '…' }] });
    const text = (await collect(s.deltas)).join('');
    expect(text).toMatch(/^\(The AI model cannot be reached/);
    expect((await s.final).answer).toBe(text);
    expect(fallback.calls[0]?.question).toBe('Where did Li Shangfu go after that?');
  });
});
