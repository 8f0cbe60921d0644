/**
 * Model faults end to end: the bot's /ask with the generative answerer against the
 * fake OpenAI server failing in every way it can. Each asker gets a short,
 * user-facing outcome within a bounded time, the bot keeps working afterwards,
 * and neither the Discord token nor the API key ever reaches the logs.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LlmBadResponseError, LlmRateLimitError, LlmRequestError, LlmServerError, LlmStreamError, LlmTimeoutError,
} from '../../src/answer/errors.js';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import { createChatModel } from '../../src/answer/llm.js';
import { createLogger } from '../../src/log.js';
import { startFakeOpenAI, type Behaviour, type FakeOpenAI } from '../../fakes/openai-server.js';
import { settle, startRig, user, type BotRig } from './helpers/bot.js';

const API_KEY = 'sk-rel-test-SECRET-4f9a8b7c6d5e';
const TIMEOUT_MS = 800;
/** Per ask: two attempts (maxRetries 1) of at most TIMEOUT_MS each, plus slack for a loaded machine. */
const BOUND_MS = 2 * TIMEOUT_MS + 4000;

const FAULTS: Record<string, Behaviour> = {
  rate: { kind: 'rateLimit', retryAfter: '0', message: `Rate limit for key ${API_KEY}` },
  internal: { kind: 'error', status: 500, message: 'internal error' },
  unavailable: { kind: 'error', status: 503 },
  unauthorized: { kind: 'error', status: 401, message: `Incorrect API key provided: ${API_KEY}` },
  hang: { kind: 'hang' },
  stall: { kind: 'hang', text: '李尚福出访俄罗斯[1]，双方讨论了军事合作。', afterChunks: 2 },
  cut: { kind: 'truncate', text: '李尚福出访俄罗斯[1]，双方讨论了军事合作。', afterChunks: 2, how: 'destroy' },
  cutEnd: { kind: 'truncate', text: '李尚福出访俄罗斯[1]，双方讨论了军事合作。', afterChunks: 2, how: 'end' },
  json: { kind: 'invalidJson' },
  uncited: { kind: 'reply', text: '他去了俄罗斯。' },
  ok: { kind: 'reply', text: '李尚福两度出访俄罗斯[1]。' },
};
const SHOULD_ANSWER = new Set(['uncited', 'ok']);

const said = {
  timeout: new LlmTimeoutError(TIMEOUT_MS).userMessage,
  rateLimit: new LlmRateLimitError('x').userMessage,
  server: new LlmServerError('x').userMessage,
  stream: new LlmStreamError('x').userMessage,
  bad: new LlmBadResponseError('x').userMessage,
  request: new LlmRequestError('x').userMessage,
};
/**
 * What the asker may see per fault. A 429/5xx is retried with the SDK's backoff; when
 * our per-call deadline fires during that backoff the user is still told what the
 * server said (rate limited / server error), never "timed out".
 */
const EXPECTED_MESSAGES: Record<string, string[]> = {
  rate: [said.rateLimit], internal: [said.server], unavailable: [said.server],
  unauthorized: [said.request], hang: [said.timeout], stall: [said.timeout], cut: [said.stream], cutEnd: [said.stream], json: [said.bad],
};

let fake: FakeOpenAI;
let rig: BotRig;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI({
    // The fault is chosen by a tag in the question, so retries see the same fault. Tags are plain words: a word the
    // corpus never has is no evidence either way, while a code like "e500" would be a missing specific.
    chatReply: (req) => {
      const text = JSON.stringify(req.body?.messages ?? '');
      const tag = /#(\w+)/.exec(text)?.[1] ?? 'ok';
      return FAULTS[tag] ?? FAULTS.ok!;
    },
  });
  const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
  const log = createLogger({ level: 'debug', secrets: [API_KEY, 'rel-test-discord-token-0123456789'], destination: sink });
  rig = await startRig({
    log,
    env: { MAX_CONCURRENT_ANSWERS: '4', MAX_QUEUE: '50', LOG_LEVEL: 'debug' },
    answerer: (kb) =>
      new GenerativeAnswerer({
        kb,
        chat: createChatModel({ apiKey: API_KEY, baseURL: fake.baseURL, model: 'fake-model', temperature: 0, timeoutMs: TIMEOUT_MS, maxRetries: 1, log }),
        // minRelevance 0: every question reaches the model (retrieval quality is not under test here).
        fallback: new ExtractiveAnswerer(kb, { k: 5, minRelevance: 0 }),
        k: 5, minRelevance: 0, requireCitations: true, tokenBudget: 1500, timeoutMs: TIMEOUT_MS, log,
      }),
  });
}, 60_000);
afterAll(async () => {
  await rig?.close();
  await fake?.close();
});

describe('model faults through /ask', () => {
  it('every fault ends in a short user-facing message within the bound, all at once', async () => {
    const started = Date.now();
    const tags = Object.keys(FAULTS);
    const tokens = tags.map((tag, i) => rig.server.slash('ask', { question: `李尚福访问俄罗斯讨论了什么？ #${tag}` }, { user: user(300 + i) }).token);
    // All run concurrently behind the gate (4 at a time), so allow for queueing.
    const outcomes = await settle(rig.server, tokens, BOUND_MS * Math.ceil(tags.length / 4));
    const elapsed = Date.now() - started;
    tags.forEach((tag, i) => {
      const o = outcomes.get(tokens[i]!)!;
      expect(o.kind, tag).toBe(SHOULD_ANSWER.has(tag) ? 'answer' : 'ephemeral');
      if (o.kind === 'none') return;
      expect(o.content.length, tag).toBeLessThan(2000);
      expect(o.content, tag).not.toMatch(/Error:|\bat .*\.(ts|js):\d+|sk-rel-test|stack/);
      if (!SHOULD_ANSWER.has(tag)) expect(EXPECTED_MESSAGES[tag], tag).toContain(o.content);
    });
    expect(outcomes.get(tokens[tags.indexOf('ok')]!)).toMatchObject({ kind: 'answer', content: expect.stringContaining('李尚福') });
    console.info(`model-faults: ${tags.length} concurrent faulty asks settled in ${elapsed} ms`);
  }, 60_000);

  it('keeps answering after the faults', async () => {
    const { token } = rig.server.slash('ask', { question: '李尚福访问俄罗斯讨论了什么？ #ok' }, { user: user(399) });
    const o = (await settle(rig.server, [token], BOUND_MS)).get(token);
    expect(o).toMatchObject({ kind: 'answer' });
  }, 30_000);

  it('never logs the API key or the Discord token, though both were used', () => {
    const auth = fake.chatRequests().map((r) => String(r.headers.authorization ?? ''));
    expect(auth.some((a) => a.includes(API_KEY))).toBe(true);
    expect(rig.server.gateway.identifies[0]?.token).toBe('rel-test-discord-token-0123456789');
    const all = logLines.join('');
    expect(logLines.length).toBeGreaterThan(5);
    expect(all).toMatch(/generative answer failed/);
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('rel-test-discord-token-0123456789');
    expect(all).not.toMatch(/SECRET-4f9a/);
  });
});
