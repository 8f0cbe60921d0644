/**
 * Rebuilds conversation turns from Discord itself when the in-memory store
 * does not know them (e.g. after a restart): a reply chain, or a bot thread.
 */
import type { Message, ThreadChannel } from 'discord.js';
import type { Turn } from '../types.js';
import { MAX_HISTORY_TURNS } from '../present/conversation.js';
import { parseSourceList, stripSources } from '../present/answer-text.js';

/** The question text of a message: without mentions of the bot. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** Walk `reply → bot answer → question → bot answer …` upwards, oldest turn first. */
export async function replyChainTurns(message: Message, botId: string, max = MAX_HISTORY_TURNS): Promise<Turn[]> {
  const turns: Turn[] = [];
  let current: Message | null = message;
  for (let i = 0; i < max && current?.reference?.messageId; i++) {
    const answer: Message | null = await current.fetchReference().catch(() => null);
    if (!answer || answer.author.id !== botId) break;
    const question: Message | null = answer.reference?.messageId ? await answer.fetchReference().catch(() => null) : null;
    turns.unshift({ question: question ? stripBotMention(question.content, botId) : '', answer: stripSources(answer.content), citations: parseSourceList(answer.content) });
    current = question;
  }
  return turns;
}

/** Pair the thread's questions with the bot's answers, excluding the current message. */
export async function threadTurns(thread: ThreadChannel, botId: string, currentId: string, max = MAX_HISTORY_TURNS): Promise<Turn[]> {
  const starter = await thread.fetchStarterMessage().catch(() => null);
  const fetched = await thread.messages.fetch({ limit: 50 }).catch(() => undefined);
  const messages = [...(fetched?.values() ?? [])]
    .filter((m) => m.id !== currentId)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  if (starter && !messages.some((m) => m.id === starter.id)) messages.unshift(starter);
  const turns: Turn[] = [];
  let pending: Turn | undefined;
  for (const m of messages) {
    if (m.author.id === botId) {
      // An answer may span several messages; glue them to the open question.
      if (pending) {
        pending.citations = [...(pending.citations ?? []), ...parseSourceList(m.content)];
        pending.answer = stripSources(pending.answer ? `${pending.answer}\n\n${m.content}` : m.content);
      }
    } else if (!m.author.bot) {
      if (pending?.answer) turns.push(pending);
      pending = { question: stripBotMention(m.content, botId), answer: '' };
    }
  }
  if (pending?.answer) turns.push(pending);
  return turns.slice(-max);
}
