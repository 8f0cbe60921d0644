/**
 * Answers messages: mentions, any message in DISCORD_CHANNEL_IDS, DMs, replies to
 * the bot's answers and messages in threads the bot started (the last two as
 * follow-ups with history). Optionally opens a thread per new question.
 */
import { ChannelType, type Message, type MessageCreateOptions, type ThreadChannel } from 'discord.js';
import type { Turn } from '../../types.js';
import { afterAnswer, answerPayloads, produceAnswer } from '../answering.js';
import type { BotContext } from '../context.js';
import { clip } from '../../present/views.js';
import { replyChainTurns, stripBotMention, threadTurns } from '../history.js';
import { channelAllowed, checkQuestion } from '../../present/limits.js';
import { errorText, replyErrorToMessage } from '../respond.js';

const TYPING_EVERY_MS = 8000;

/** Where the answer goes: the message's channel or the new thread. */
interface Postable {
  id: string;
  send(payload: MessageCreateOptions): Promise<Message>;
  sendTyping(): Promise<void>;
}

type Trigger = 'dm' | 'reply' | 'thread' | 'mention' | 'channel';

export function onMessageCreate(ctx: BotContext) {
  return (message: Message): void => ctx.track(handle(ctx, message));
}

function botThread(message: Message, botId: string): ThreadChannel | undefined {
  const ch = message.channel;
  return ch.isThread() && ch.ownerId === botId ? ch : undefined;
}

function isReplyToBot(ctx: BotContext, message: Message, botId: string): boolean {
  const ref = message.reference?.messageId;
  return !!ref && (message.mentions.repliedUser?.id === botId || !!ctx.conversations.turnsUpTo(ref));
}

function triggerOf(ctx: BotContext, message: Message, botId: string): Trigger | undefined {
  if (isReplyToBot(ctx, message, botId)) return 'reply';
  if (!message.inGuild()) return 'dm';
  if (botThread(message, botId)) return 'thread';
  if (message.mentions.users.has(botId)) return 'mention';
  if (ctx.config.DISCORD_CHANNEL_IDS.includes(message.channelId)) return 'channel';
  return undefined;
}

function allowed(ctx: BotContext, message: Message): boolean {
  const allow = ctx.config.DISCORD_ALLOWED_CHANNEL_IDS;
  // With an allow-list, DMs are off: they are not in any listed channel.
  if (!message.inGuild()) return allow.length === 0;
  const ch = message.channel;
  return channelAllowed(allow, message.channelId, ch.isThread() ? ch.parentId : null);
}

async function handle(ctx: BotContext, message: Message): Promise<void> {
  const botId = message.client.user.id;
  if (message.author.bot || message.author.id === botId || message.system) return;
  const trigger = triggerOf(ctx, message, botId);
  if (!trigger || !allowed(ctx, message)) return;
  const raw = stripBotMention(message.content, botId);
  if (!raw) return;
  try {
    const question = checkQuestion(raw, ctx.config.MAX_QUESTION_CHARS);
    ctx.rate.check(message.author.id);
    await answer(ctx, message, question, trigger, botId);
  } catch (err) {
    const text = errorText(err, ctx.log, { userId: message.author.id, channelId: message.channelId, trigger });
    await replyErrorToMessage(message, text).catch((e: unknown) => ctx.log.warn({ err: e }, 'could not report error'));
  }
}

async function historyFor(ctx: BotContext, message: Message, trigger: Trigger, botId: string): Promise<Turn[]> {
  const thread = botThread(message, botId);
  if (thread) return ctx.conversations.turnsInThread(thread.id) ?? (await threadTurns(thread, botId, message.id));
  const ref = message.reference?.messageId;
  if (trigger === 'reply' && ref) return ctx.conversations.turnsUpTo(ref) ?? (await replyChainTurns(message, botId));
  return [];
}

/** A new question in a plain guild text channel gets its own thread when enabled. */
async function maybeOpenThread(ctx: BotContext, message: Message, trigger: Trigger, question: string): Promise<ThreadChannel | undefined> {
  const type = message.channel.type;
  if (!ctx.config.DISCORD_USE_THREADS || (trigger !== 'mention' && trigger !== 'channel')) return undefined;
  if (type !== ChannelType.GuildText && type !== ChannelType.GuildAnnouncement) return undefined;
  try {
    return await message.startThread({ name: clip(question, 90) });
  } catch (err) {
    // Missing thread permissions should not cost the user their answer.
    ctx.log.warn({ err, channelId: message.channelId }, 'could not start a thread; replying inline');
    return undefined;
  }
}

function keepTyping(channel: Postable, ctx: BotContext): () => void {
  const send = () => void channel.sendTyping().catch((err: unknown) => ctx.log.debug({ err }, 'typing failed'));
  send();
  const timer = setInterval(send, TYPING_EVERY_MS);
  return () => clearInterval(timer);
}

async function answer(ctx: BotContext, message: Message, question: string, trigger: Trigger, botId: string): Promise<void> {
  const history = await historyFor(ctx, message, trigger, botId);
  const thread = await maybeOpenThread(ctx, message, trigger, question);
  const channel = message.channel;
  let target: Postable;
  if (thread) target = thread;
  else if (channel.isSendable()) target = channel;
  else return;
  const stopTyping = keepTyping(target, ctx);
  let result;
  try {
    result = await produceAnswer(ctx, { question, history });
  } finally {
    stopTyping();
  }
  const messageIds: string[] = [];
  for (const [i, payload] of answerPayloads(ctx, result).entries()) {
    const sent = i === 0 && !thread ? await message.reply(payload) : await target.send(payload);
    messageIds.push(sent.id);
  }
  const threadId = thread?.id ?? botThread(message, botId)?.id;
  await afterAnswer(ctx, { answer: result, history, userId: message.author.id, channelId: target.id, threadId, messageIds });
}
