/**
 * Every failure kind of an OpenAI-compatible server gives a typed error with a
 * bilingual user message, within the configured timeout, without unhandled rejections.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import {
  LlmBadResponseError,
  LlmRateLimitError,
  LlmServerError,
  LlmStreamError,
  LlmTimeoutError,
  UserFacingError,
} from '../../src/answer/errors.js';
import { createChatModel } from '../../src/answer/llm.js';
import { countTokens } from '../../src/answer/sources.js';
import { silentLogger } from '../../src/log.js';
import { startFakeOpenAI, type Behaviour, type FakeOpenAI } from '../../fakes/openai-server.js';
import { FakeExtractive, collect, fakeKb, hit } from './helpers.js';

let fake: FakeOpenAI;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(async () => {
  fake = await startFakeOpenAI();
  countTokens('预热'); // load the tokenizer now: the timing bounds below are about the model call, not module start-up
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 200)); // let stray background work settle
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
  await fake.close();
});
afterEach(() => {
  fake.requests.length = 0;
  fake.chat.reply = () => ({ kind: 'reply', text: 'OK' });
});

function answerer(timeoutMs: number, maxRetries: number) {
  const chat = createChatModel({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', temperature: 0, timeoutMs, maxRetries, log: silentLogger });
  const kb = fakeKb([hit(1, 0.9, ['中国国防部长李尚福两度出访俄罗斯。'])]);
  return new GenerativeAnswerer({ kb: () => kb, chat, fallback: new FakeExtractive(), k: 5, minRelevance: 0.35, requireCitations: true, tokenBudget: 3000 });
}

/** Run both ask() and stream() under the behaviour; each must reject with `type` in time. */
async function expectFailure(b: Behaviour, type: new (...args: never[]) => UserFacingError, timeoutMs = 500, maxRetries = 0) {
  for (const mode of ['ask', 'stream'] as const) {
    fake.chat.reply = () => b;
    const a = answerer(timeoutMs, maxRetries);
    const t0 = Date.now();
    let err: unknown;
    try {
      if (mode === 'ask') await a.ask('李尚福去了哪里？');
      else {
        const s = a.stream('李尚福去了哪里？');
        await collect(s.deltas).catch(() => {});
        await s.final;
      }
    } catch (e) {
      err = e;
    }
    const elapsed = Date.now() - t0;
    expect(err, `${mode}: ${String(err)}`).toBeInstanceOf(type);
    const u = (err as UserFacingError).userMessage;
    expect(u).toMatch(/\p{Script=Han}/u);
    expect(u).toMatch(/[A-Za-z]{3}/);
    // Slack for a loaded CI machine; still well under what one retry would take (2 × timeout).
    expect(elapsed, mode).toBeLessThan(timeoutMs + 900);
  }
}

describe('LLM failures', () => {
  it('a hung server yields LlmTimeoutError within the timeout (even with retries configured)', async () => {
    await expectFailure({ kind: 'hang' }, LlmTimeoutError, 500, 2);
  });

  it('a stream that stalls mid-answer yields LlmTimeoutError', async () => {
    fake.chat.reply = () => ({ kind: 'hang', text: '李尚福两度访俄[1]。', afterChunks: 2 });
    const s = answerer(500, 0).stream('李尚福去了哪里？');
    await expect(s.final).rejects.toBeInstanceOf(LlmTimeoutError);
  });

  it('500 yields LlmServerError', async () => {
    await expectFailure({ kind: 'error', status: 500 }, LlmServerError);
    await expectFailure({ kind: 'error', status: 503 }, LlmServerError);
  });

  it('a 429 without end yields LlmRateLimitError after the configured retries', async () => {
    fake.chat.reply = () => ({ kind: 'rateLimit', retryAfter: '0' });
    const a = answerer(5000, 1);
    const err: unknown = await a.ask('李尚福去了哪里？').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmRateLimitError);
    expect((err as LlmRateLimitError).retryAfterMs).toBe(0);
    expect(fake.chatRequests()).toHaveLength(2); // first try + 1 retry
  });

  it('a 429 without Retry-After is not retried and yields LlmRateLimitError', async () => {
    await expectFailure({ kind: 'rateLimit' }, LlmRateLimitError, 500, 2);
    expect(fake.chatRequests()).toHaveLength(2); // one per mode: ask() and stream()
  });

  it('429 with Retry-After then success: waits at least Retry-After, then answers', async () => {
    fake.chat.enqueue({ kind: 'rateLimit', retryAfter: '2' }, '李尚福两度访俄[1]。');
    const a = answerer(6000, 2);
    const ans = await a.ask('李尚福去了哪里？');
    expect(ans.answer).toBe('李尚福两度访俄[1]。');
    const [first, second] = fake.chatRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1900);
  }, 15_000);

  it('truncated SSE (connection dropped mid-stream) yields LlmStreamError', async () => {
    fake.chat.reply = () => ({ kind: 'truncate', text: '李尚福两度访俄[1]。', afterChunks: 2, how: 'destroy' });
    const s = answerer(2000, 0).stream('李尚福去了哪里？');
    await expect(s.final).rejects.toBeInstanceOf(LlmStreamError);
  });

  it('truncated SSE (clean end without finish_reason or [DONE]) yields LlmStreamError', async () => {
    fake.chat.reply = () => ({ kind: 'truncate', text: '李尚福两度访俄[1]。', afterChunks: 2, how: 'end' });
    const s = answerer(2000, 0).stream('李尚福去了哪里？');
    await expect(s.final).rejects.toBeInstanceOf(LlmStreamError);
    await expect(collect(s.deltas)).rejects.toBeInstanceOf(LlmStreamError);
  });

  it('invalid JSON (body or SSE chunk) yields LlmBadResponseError', async () => {
    await expectFailure({ kind: 'invalidJson' }, LlmBadResponseError);
  });

  it('a caller abort rejects promptly with the abort reason, not a user-facing error', async () => {
    fake.chat.reply = () => ({ kind: 'hang' });
    const ctrl = new AbortController();
    const p = answerer(5000, 0).ask('李尚福去了哪里？', { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(new Error('user left')), 100);
    await expect(p).rejects.toThrow('user left');
  });
});
