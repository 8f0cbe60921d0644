/**
 * Least privilege: the guild permissions the bot needs, each with its reason, and the
 * invite link that asks for exactly those. No Administrator, no Mention Everyone
 * (messages are sent with allowedMentions { parse: [] } anyway), no Embed Links (the
 * bot sends no embeds and suppresses link previews), no Manage anything.
 */
import { PermissionsBitField } from 'discord.js';
import type { Config } from '../config.js';

export const BOT_PERMISSIONS = {
  ViewChannel: 'see the channels it answers in',
  SendMessages: 'post answers and replies',
  SendMessagesInThreads: 'answer follow-ups inside threads',
  ReadMessageHistory: 'rebuild a conversation from a reply chain or thread (after a restart)',
} as const;

/** Only with DISCORD_USE_THREADS=true: one public thread per new question. */
export const THREAD_PERMISSIONS = { CreatePublicThreads: 'open a thread per question (DISCORD_USE_THREADS)' } as const;

export type BotPermission = keyof typeof BOT_PERMISSIONS | keyof typeof THREAD_PERMISSIONS;

export function botPermissions(config: Pick<Config, 'DISCORD_USE_THREADS'>): BotPermission[] {
  const base = Object.keys(BOT_PERMISSIONS) as BotPermission[];
  return config.DISCORD_USE_THREADS ? [...base, ...(Object.keys(THREAD_PERMISSIONS) as BotPermission[])] : base;
}

/** The OAuth2 invite link with scopes `bot applications.commands` and exactly these permissions. */
export function inviteUrl(appId: string, config: Pick<Config, 'DISCORD_USE_THREADS'>): string {
  const bits = new PermissionsBitField(botPermissions(config)).bitfield;
  const query = new URLSearchParams({ client_id: appId, scope: 'bot applications.commands', permissions: bits.toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
