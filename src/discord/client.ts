/**
 * The discord.js Client with the bot's defaults: least-privilege intents, no
 * mentions ever, and an overridable API base (tests point it at a local fake).
 */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Config } from '../config.js';
import { noMentions } from './format.js';

export function clientOptions(config: Config): ClientOptions {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  // MessageContent is privileged: ask for it only when the bot must read unmentioned messages.
  if (config.DISCORD_CHANNEL_IDS.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return {
    intents,
    // DM channels are not cached up front; without this their messages are dropped.
    partials: [Partials.Channel],
    allowedMentions: noMentions(),
    // Still answer if the question was deleted meanwhile.
    failIfNotExists: false,
    // discord.js then reads the gateway URL from GET {api}/v10/gateway/bot.
    rest: config.DISCORD_API_BASE ? { api: config.DISCORD_API_BASE.replace(/\/+$/, '') } : {},
  };
}

export function createClient(config: Config): Client {
  return new Client(clientOptions(config));
}
