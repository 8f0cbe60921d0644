/**
 * Load: 200 concurrent /ask interactions against the real bot and a real index.
 * Every asker gets exactly one outcome (the answer, or a polite "busy" refusal),
 * the concurrency limit holds, and the bot keeps answering through a gateway drop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { botMessages } from '../../src/present/messages.js';
import type { Answerer, KnowledgeBase } from '../../src/types.js';
import { settle, startRig, until, user, type BotRig, type Outcome } from './helpers/bot.js';

const N = 200;
const MAX_CONCURRENT = 4;
const QUEUE = 50;
/** A slower answerer (as a model would be) so the queue really fills. */
const ANSWER_DELAY_MS = 40;

const QUESTIONS = ['李尚福访问俄罗斯的目的是什么？', '中俄防长会面讨论了什么？', '美日韩峰会在哪里举行？', '中國防長會見普京談了什麼？', '李尚福在莫斯科會晤了誰？'];

let rig: BotRig;
const gauge = { now: 0, peak: 0, calls: 0 };

function slowCounting(kb: () => KnowledgeBase): Answerer {
  // minRelevance 0: every question gets a sourced answer (retrieval quality is not under test here).
  const inner = new ExtractiveAnswerer(kb, { k: 5, minRelevance: 0 });
  return {
    mode: 'extractive',
    async ask(q, o) {
      gauge.calls++;
      gauge.peak = Math.max(gauge.peak, ++gauge.now);
      try {
        await new Promise((r) => setTimeout(r, ANSWER_DELAY_MS));
        return await inner.ask(q, o);
      } finally {
        gauge.now--;
      }
    },
    stream: (q, o) => inner.stream(q, o),
  };
}

beforeAll(async () => {
  rig = await startRig({ env: { MAX_CONCURRENT_ANSWERS: String(MAX_CONCURRENT), MAX_QUEUE: String(QUEUE) }, answerer: slowCounting });
}, 60_000);
afterAll(async () => rig?.close());

function fire(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => rig.server.slash('ask', { question: QUESTIONS[(from + i) % QUESTIONS.length]! }, { user: user(from + i) }).token);
}

type Shown = Extract<Outcome, { content: string }>;

function tally(outcomes: Map<string, Outcome>) {
  const all = [...outcomes.values()];
  return {
    answered: all.filter((o): o is Shown => o.kind === 'answer'),
    refused: all.filter((o): o is Shown => o.kind === 'ephemeral'),
    missing: all.filter((o) => o.kind === 'none').length,
  };
}

describe(`${N} concurrent /ask`, () => {
  it('each asker gets exactly one outcome; the concurrency limit holds', async () => {
    const started = Date.now();
    const outcomes = await settle(rig.server, fire(0, N), 60_000);
    const { answered, refused, missing } = tally(outcomes);
    expect(missing).toBe(0);
    expect(answered.length + refused.length).toBe(N);
    // The queue absorbed a burst; refusals are the queue-full message, never an error.
    expect(answered.length).toBeGreaterThanOrEqual(MAX_CONCURRENT + QUEUE);
    for (const r of refused) expect(r.content).toBe(botMessages.queueFull());
    for (const a of answered) expect(a.content, a.content.slice(0, 80)).toMatch(/来源|來源|Sources/);
    expect(gauge.peak).toBeLessThanOrEqual(MAX_CONCURRENT);
    expect(gauge.calls).toBe(answered.length);
    // No server errors, and every message payload disables mentions.
    expect(rig.server.calls.filter((c) => c.status >= 500)).toEqual([]);
    console.info(`discord-load: ${answered.length} answered, ${refused.length} refused (queue full), peak ${gauge.peak} concurrent, ${Date.now() - started} ms`);
  }, 90_000);

  it('keeps answering when the gateway drops mid-load (resume, then the next burst)', async () => {
    const resumesBefore = rig.server.gateway.resumes.length;
    const first = fire(1000, N / 2);
    rig.server.gateway.drop(4000);
    await until(() => rig.server.gateway.resumes.length > resumesBefore && rig.server.gateway.connected === 1, 15_000);
    const second = fire(2000, N / 2);
    const outcomes = await settle(rig.server, [...first, ...second], 60_000);
    const { answered, refused, missing } = tally(outcomes);
    expect(missing).toBe(0);
    expect(answered.length + refused.length).toBe(N);
    expect(second.filter((t) => outcomes.get(t)?.kind === 'answer').length).toBeGreaterThan(0);
    for (const r of refused) expect(r.content).toBe(botMessages.queueFull());
    expect(gauge.peak).toBeLessThanOrEqual(MAX_CONCURRENT);
  }, 90_000);

  it('is idle and answers normally afterwards', async () => {
    await until(() => gauge.now === 0, 10_000);
    const [token] = fire(5000, 1);
    const outcome = (await settle(rig.server, [token!], 10_000)).get(token!);
    expect(outcome).toMatchObject({ kind: 'answer' });
  }, 30_000);
});
