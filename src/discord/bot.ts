/**
 * Starts the Discord bot: client, event handlers, login, and a stop() that
 * finishes in-flight work (bounded) and disconnects.
 */
import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import { FixableError } from '../app/errors.js';
import { createClient } from './client.js';
import { createContext, type BotDeps } from './context.js';
import { onInteractionCreate } from './events/interactionCreate.js';
import { onMessageCreate } from './events/messageCreate.js';

export type { BotDeps } from './context.js';

export interface RunningBot {
  client: Client<true>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 5_000;

/** Why the bot could not log in, with the fix (a bad token is the usual cause). */
function loginError(err: unknown, timedOut: boolean): Error {
  if (timedOut) return new FixableError('Discord did not become ready in time', 'check the network, DISCORD_API_BASE and DISCORD_TOKEN');
  const message = (err as Error)?.message ?? String(err);
  if (/token/i.test(message) || (err as { code?: string })?.code === 'TokenInvalid') {
    return new FixableError(`Discord refused the bot token: ${message}`, 'put the bot token from the Developer Portal (Bot → Reset Token) in DISCORD_TOKEN');
  }
  return err instanceof Error ? err : new Error(message);
}

export async function startBot(deps: BotDeps, opts: { readyTimeoutMs?: number } = {}): Promise<RunningBot> {
  const { config, log } = deps;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set (see README "Discord setup")');
  const ctx = createContext(deps);
  const client = createClient(config);
  client.on(Events.MessageCreate, onMessageCreate(ctx));
  client.on(Events.InteractionCreate, onInteractionCreate(ctx));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ code: event.code, shardId }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'gateway resumed'));

  const timeout = AbortSignal.timeout(opts.readyTimeoutMs ?? READY_TIMEOUT_MS);
  const ready = once(client, Events.ClientReady, { signal: timeout });
  try {
    await client.login(token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw loginError(err, timeout.aborted);
  }
  const me = client as Client<true>;
  log.info({ user: me.user.tag, guilds: me.guilds.cache.size, answerer: deps.answerer.mode }, 'discord bot ready');
  if (config.DISCORD_USE_THREADS && config.DISCORD_CHANNEL_IDS.length === 0) {
    log.info('DISCORD_USE_THREADS without DISCORD_CHANNEL_IDS: follow-ups in threads must mention the bot (no MessageContent intent)');
  }

  let stopped = false;
  return {
    client: me,
    async stop() {
      if (stopped) return;
      stopped = true;
      await ctx.drain(DRAIN_TIMEOUT_MS);
      await client.destroy();
      log.info('discord bot stopped');
    },
  };
}
