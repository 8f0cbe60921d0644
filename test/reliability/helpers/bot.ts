/**
 * The real bot (discord.js) on the fake Discord server, over a real seeds index,
 * plus helpers to fire many /ask interactions and collect each one's outcome.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractiveAnswerer } from '../../../src/answer/extractive.js';
import { parseConfig, type Config } from '../../../src/config.js';
import { startBot, type RunningBot } from '../../../src/discord/bot.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import { openKnowledgeBase } from '../../../src/retrieve/knowledge-base.js';
import type { Answerer, KnowledgeBase } from '../../../src/types.js';
import type { RawUser } from '../../../fakes/discord-fixtures.js';
import { FakeDiscord, type RecordedCall } from '../../../fakes/discord-server.js';
import { buildSeedsIndex } from '../../helpers/corpus.js';

export interface BotRig {
  server: FakeDiscord;
  bot: RunningBot;
  config: Config;
  kb: KnowledgeBase;
  close(): Promise<void>;
}

export async function startRig(o: { env?: Record<string, string>; answerer?: (kb: () => KnowledgeBase) => Answerer; log?: Logger } = {}): Promise<BotRig> {
  const dir = await mkdtemp(join(tmpdir(), 'qa-rel-bot-'));
  await buildSeedsIndex(join(dir, 'index'));
  const kb = await openKnowledgeBase(join(dir, 'index'));
  const server = await FakeDiscord.start();
  const config = parseConfig({
    DISCORD_TOKEN: 'rel-test-discord-token-0123456789', DISCORD_API_BASE: server.apiBase, FEEDBACK_LOG: join(dir, 'feedback.jsonl'),
    LOG_LEVEL: 'silent', ...o.env,
  });
  const answerer = o.answerer?.(() => kb) ?? new ExtractiveAnswerer(() => kb, { k: config.RETRIEVAL_K, minRelevance: config.MIN_RELEVANCE });
  let bot: RunningBot;
  try {
    bot = await startBot({ kb: () => kb, answerer, config, log: o.log ?? silentLogger }, { readyTimeoutMs: 10_000 });
  } catch (err) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    server, bot, config, kb,
    async close() {
      await bot.stop();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function user(i: number): RawUser {
  return { id: String(120_000_000_000_000_000n + BigInt(i)), username: `user${i}`, discriminator: '0', global_name: `user${i}`, avatar: null };
}

export type Outcome = { kind: 'answer' | 'ephemeral'; content: string } | { kind: 'none' };

/** What the user finally saw for an interaction: the answer (message with 👍/👎) or an ephemeral refusal. */
export function outcomeOf(calls: RecordedCall[], token: string): Outcome {
  let last: Outcome = { kind: 'none' };
  for (const c of calls) {
    if (!c.path.includes(`/${token}`) || !c.body) continue;
    const data = c.body.type === 4 ? c.body.data : c.body;
    if (!data || typeof data.content !== 'string') continue;
    if (Array.isArray(data.components) && data.components.length > 0) last = { kind: 'answer', content: data.content };
    else if ((Number(data.flags) & 64) !== 0) last = { kind: 'ephemeral', content: data.content };
  }
  return last;
}

/** Poll until every token has an outcome, or the deadline passes. */
export async function settle(server: FakeDiscord, tokens: string[], timeoutMs: number): Promise<Map<string, Outcome>> {
  const end = Date.now() + timeoutMs;
  let outcomes = new Map<string, Outcome>();
  while (Date.now() < end) {
    outcomes = new Map(tokens.map((t) => [t, outcomeOf(server.calls, t)]));
    if ([...outcomes.values()].every((o) => o.kind !== 'none')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return outcomes;
}

export async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}
