/**
 * Short-term memory of recent exchanges: follow-ups (replies, thread messages)
 * get the earlier turns as history, and /sources finds the last answer of a
 * channel. Bounded LRU maps; after a restart the bot falls back to reading the
 * reply chain or thread from Discord (see history.ts).
 */
import type { Answer, Turn } from '../types.js';
import { Lru } from './lru.js';

export const MAX_HISTORY_TURNS = 6;

export const toTurn = (answer: Answer): Turn => ({ question: answer.question, answer: answer.answer, citations: answer.citations });

/** Keep the most recent turns only; the answerer has its own token budget too. */
export const lastTurns = (turns: Turn[], max = MAX_HISTORY_TURNS): Turn[] => turns.slice(-max);

export interface RecordOptions {
  /** Where the answer was posted (a thread id when posted in a thread). */
  channelId: string;
  /** Set when the conversation lives in a thread. */
  threadId?: string;
  /** Every message the answer was split into. */
  messageIds: string[];
  /** Turns before this one. */
  history: Turn[];
  answer: Answer;
}

export class Conversations {
  private readonly byMessage: Lru<Turn[]>;
  private readonly byThread: Lru<Turn[]>;
  private readonly lastByChannel: Lru<Answer>;

  constructor(maxEntries = 2000) {
    this.byMessage = new Lru(maxEntries);
    this.byThread = new Lru(maxEntries);
    this.lastByChannel = new Lru(maxEntries);
  }

  record(o: RecordOptions): Turn[] {
    const turns = lastTurns([...o.history, toTurn(o.answer)]);
    for (const id of o.messageIds) this.byMessage.set(id, turns);
    if (o.threadId) this.byThread.set(o.threadId, turns);
    this.lastByChannel.set(o.channelId, o.answer);
    return turns;
  }

  /** The conversation up to and including the answer in this bot message. */
  turnsUpTo(messageId: string): Turn[] | undefined {
    return this.byMessage.get(messageId);
  }

  turnsInThread(threadId: string): Turn[] | undefined {
    return this.byThread.get(threadId);
  }

  lastAnswer(channelId: string): Answer | undefined {
    return this.lastByChannel.get(channelId);
  }
}
