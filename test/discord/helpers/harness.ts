/**
 * Starts the fake Discord server and the real bot (real discord.js client)
 * against it; close() stops both and removes the temp dir, so vitest can exit.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../../src/config.js';
import { startBot, type RunningBot } from '../../../src/discord/bot.js';
import { silentLogger } from '../../../src/log.js';
import type { Answerer, KnowledgeBase } from '../../../src/types.js';
import { FakeDiscord, type RecordedCall } from '../../../fakes/discord-server.js';
import { FakeAnswerer, FakeKnowledgeBase } from './fake-kb.js';

export interface Harness {
  server: FakeDiscord;
  bot: RunningBot;
  config: Config;
  /** Swap to simulate a hot reload: the bot's kb() getter returns this. */
  current: { kb: KnowledgeBase };
  answerer: Answerer;
  feedbackPath: string;
  readFeedback(): Promise<Record<string, any>[]>;
  /** Stop the bot and start a fresh one (empty memory) on the same fake server. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  kb?: KnowledgeBase;
  answerer?: (kb: () => KnowledgeBase) => Answerer;
  heartbeatIntervalMs?: number;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const server = await FakeDiscord.start({ heartbeatIntervalMs: o.heartbeatIntervalMs });
  const dir = await mkdtemp(join(tmpdir(), 'discord-bot-test-'));
  const feedbackPath = join(dir, 'feedback.jsonl');
  const config = parseConfig({ DISCORD_TOKEN: 'fake-token-for-tests', DISCORD_API_BASE: server.apiBase, FEEDBACK_LOG: feedbackPath, LOG_LEVEL: 'silent', ...o.env });
  const current = { kb: o.kb ?? (new FakeKnowledgeBase() as KnowledgeBase) };
  const kb = () => current.kb;
  const answerer = o.answerer?.(kb) ?? new FakeAnswerer(kb);
  const launch = () => startBot({ kb, answerer, config, log: silentLogger }, { readyTimeoutMs: 10_000 });
  let bot: RunningBot;
  try {
    bot = await launch();
  } catch (err) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    server,
    get bot() {
      return bot;
    },
    config,
    current,
    answerer,
    feedbackPath,
    async readFeedback() {
      const text = await readFile(feedbackPath, 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    },
    async restart() {
      await bot.stop();
      bot = await launch();
    },
    async close() {
      await bot.stop();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** REST calls that carry a message the bot shows to users. */
export function messageBodies(calls: RecordedCall[]): { call: RecordedCall; body: Record<string, any> }[] {
  const out: { call: RecordedCall; body: Record<string, any> }[] = [];
  for (const call of calls) {
    const { method, path, body } = call;
    if (!body) continue;
    if (method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(path)) {
      if (body.type === 4 || body.type === 7) out.push({ call, body: body.data ?? {} });
    } else if (
      (method === 'POST' && /^\/channels\/[^/]+\/messages$/.test(path)) ||
      (method === 'PATCH' && /^\/channels\/[^/]+\/messages\/[^/]+$/.test(path)) ||
      (method === 'PATCH' && /^\/webhooks\/[^/]+\/[^/]+\/messages\/[^/]+$/.test(path)) ||
      (method === 'POST' && /^\/webhooks\/[^/]+\/[^/]+$/.test(path))
    ) {
      out.push({ call, body });
    }
  }
  return out;
}

/** Matchers for common waits. */
export const is = {
  channelMessage: (channelId: string) => (c: RecordedCall) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`,
  callback: (token: string) => (c: RecordedCall) => c.method === 'POST' && c.path.endsWith(`/${token}/callback`),
  editOriginal: (token: string) => (c: RecordedCall) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`),
  followUp: (token: string) => (c: RecordedCall) => c.method === 'POST' && c.path.endsWith(`/webhooks/${c.path.split('/')[2]}/${token}`),
  typing: (channelId: string) => (c: RecordedCall) => c.method === 'POST' && c.path === `/channels/${channelId}/typing`,
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
