/**
 * `/ask` end to end, offline: the real bot (discord.js) against the fake Discord
 * server on 127.0.0.1, extractive answerer over a real index. Latency is from the
 * INTERACTION_CREATE dispatch to the REST call that delivers the answer's last
 * message (the one carrying the feedback buttons).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractiveAnswerer } from '../src/answer/extractive.js';
import { parseConfig } from '../src/config.js';
import { startBot } from '../src/discord/bot.js';
import { silentLogger } from '../src/log.js';
import type { Answerer, KnowledgeBase } from '../src/types.js';
// The wire-protocol fakes live in fakes/, shared by the tests and this bench.
import { FakeDiscord, type RecordedCall } from '../fakes/discord-server.js';
import { latency, medianLatency, type Latency } from './stats.js';

export interface AskBenchResult extends Latency {
  perRun: Latency[];
  /** Asks measured, and how many of them got a grounded (non-refusal) answer. */
  asks: number;
  grounded: number;
}

const ANSWER_TIMEOUT_MS = 15_000;
/** Pause between questions so one ask's REST traffic does not queue behind the previous one's. */
const GAP_MS = 20;
const WARMUP = 10;

const delivered = (token: string) => (c: RecordedCall) =>
  c.path.includes(`/${token}`) && (c.method === 'PATCH' || c.method === 'POST') && Array.isArray(c.body?.components) && c.body.components.length > 0;

export async function benchAsk(kb: KnowledgeBase, questions: string[], runs: number): Promise<AskBenchResult> {
  const server = await FakeDiscord.start();
  const dir = await mkdtemp(join(tmpdir(), 'bench-ask-'));
  const config = parseConfig({
    DISCORD_TOKEN: 'bench-token', DISCORD_API_BASE: server.apiBase, FEEDBACK_LOG: join(dir, 'feedback.jsonl'), LOG_LEVEL: 'silent',
    // One benchmark user asks far more than a person would.
    RATE_LIMIT_PER_MINUTE: '1000000', MAX_QUEUE: '1000',
  });
  const extractive = new ExtractiveAnswerer(() => kb, { k: config.RETRIEVAL_K, minRelevance: config.MIN_RELEVANCE });
  let grounded = 0;
  // Counts grounded answers (a refusal is fast and would flatter the latency).
  const answerer: Answerer = {
    mode: extractive.mode,
    ask: async (q, o) => {
      const a = await extractive.ask(q, o);
      if (a.grounded) grounded++;
      return a;
    },
    stream: (q, o) => extractive.stream(q, o),
  };
  const bot = await startBot({ kb: () => kb, answerer, config, log: silentLogger }, { readyTimeoutMs: 10_000 });
  try {
    const askOnce = async (question: string): Promise<number> => {
      const since = server.mark();
      const t = performance.now();
      const { token } = server.slash('ask', { question });
      await server.waitFor(delivered(token), ANSWER_TIMEOUT_MS, since);
      const ms = performance.now() - t;
      await new Promise((r) => setTimeout(r, GAP_MS));
      return ms;
    };
    for (const q of questions.slice(0, WARMUP)) await askOnce(q);
    grounded = 0;
    const perRun: Latency[] = [];
    for (let r = 0; r < runs; r++) {
      const samples: number[] = [];
      for (const q of questions) samples.push(await askOnce(q));
      perRun.push(latency(samples));
    }
    return { ...medianLatency(perRun), perRun, asks: questions.length * runs, grounded };
  } finally {
    await bot.stop();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
