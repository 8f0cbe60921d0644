/**
 * Raw Discord API objects (snake_case, as on the wire) for the fake server:
 * the bot, users, one guild with text channels, messages, threads, interactions.
 */
let counter = 0n;
/** Increasing snowflakes (time-based, so discord.js timestamps look sane). */
export function snowflake(): string {
  counter += 1n;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) + counter).toString();
}

export interface RawUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  bot?: boolean;
}

const user = (id: string, username: string, bot = false): RawUser => ({ id, username, discriminator: '0', global_name: username, avatar: null, bot });

export const BOT_USER = user('100000000000000001', 'newsbot', true);
export const APP_ID = BOT_USER.id;
export const ALICE = user('110000000000000001', 'alice');
export const BOB = user('110000000000000002', 'bob');
export const CAROL = user('110000000000000004', 'carol');
export const OTHER_BOT = user('110000000000000003', 'otherbot', true);
export const KNOWN_USERS = [BOT_USER, ALICE, BOB, CAROL, OTHER_BOT];
/** A DM channel id (not part of the guild). */
export const DM_CHANNEL = '400000000000000001';

export const GUILD_ID = '200000000000000001';
export const CHANNELS = { general: '300000000000000001', qa: '300000000000000002', closed: '300000000000000003' } as const;

export function textChannel(id: string, name: string): Record<string, unknown> {
  return { id, type: 0, name, guild_id: GUILD_ID, position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 };
}

export function threadChannel(id: string, parentId: string, name: string, ownerId: string): Record<string, unknown> {
  return {
    id,
    type: 11,
    name,
    guild_id: GUILD_ID,
    parent_id: parentId,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    flags: 0,
  };
}

export function guildCreate(): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: GUILD_ID,
    name: 'Test Guild',
    icon: null,
    owner_id: ALICE.id,
    unavailable: false,
    large: false,
    member_count: 3,
    joined_at: now,
    features: [],
    roles: [{ id: GUILD_ID, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    members: [{ user: BOT_USER, roles: [], joined_at: now, deaf: false, mute: false, flags: 0 }],
    channels: [textChannel(CHANNELS.general, 'general'), textChannel(CHANNELS.qa, 'qa'), textChannel(CHANNELS.closed, 'closed')],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Users mentioned as <@id> in the content, for the `mentions` array. */
export function mentionedUsers(content: string): RawUser[] {
  const ids = new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]));
  return KNOWN_USERS.filter((u) => ids.has(u.id));
}

export interface MessageInit {
  id?: string;
  channelId: string;
  guildId?: string | null;
  author: RawUser;
  content: string;
  referenced?: Record<string, unknown>;
  components?: unknown[];
  extra?: Record<string, unknown>;
}

export function messageObject(m: MessageInit): Record<string, unknown> {
  const mentions = mentionedUsers(m.content);
  const ref = m.referenced;
  // A reply pings its target by default: Discord lists that author in `mentions`.
  if (ref && ref.author && !mentions.some((u) => u.id === (ref.author as RawUser).id)) mentions.push(ref.author as RawUser);
  return {
    id: m.id ?? snowflake(),
    channel_id: m.channelId,
    ...(m.guildId === null ? {} : { guild_id: m.guildId ?? GUILD_ID }),
    author: m.author,
    content: m.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions,
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: m.components ?? [],
    pinned: false,
    type: ref ? 19 : 0,
    flags: 0,
    ...(ref ? { message_reference: { message_id: ref.id, channel_id: ref.channel_id, guild_id: ref.guild_id }, referenced_message: ref } : {}),
    ...m.extra,
  };
}

export interface InteractionInit {
  type: 2 | 3 | 4;
  data: Record<string, unknown>;
  channelId: string;
  user: RawUser;
  message?: Record<string, unknown>;
  /** The channel object as the server knows it (threads carry parent_id). */
  channel?: Record<string, unknown>;
}

export function interactionObject(i: InteractionInit, id: string, token: string): Record<string, unknown> {
  return {
    id,
    application_id: APP_ID,
    type: i.type,
    data: i.data,
    guild_id: GUILD_ID,
    channel_id: i.channelId,
    channel: i.channel ?? { id: i.channelId, type: 0, guild_id: GUILD_ID, name: 'channel' },
    member: { user: i.user, roles: [], permissions: '1071698660929', joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
    token,
    version: 1,
    app_permissions: '1071698660929',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    ...(i.message ? { message: i.message } : {}),
  };
}
