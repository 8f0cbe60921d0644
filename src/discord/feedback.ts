/**
 * 👍/👎 buttons under answers, and the JSON-lines feedback log (FEEDBACK_LOG):
 * one line per click and per refused (grounded:false) question, for later review.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { Logger } from '../log.js';
import type { Answer, Citation } from '../types.js';
import { Lru } from '../present/lru.js';

export type Vote = 'up' | 'down';

export interface FeedbackEntry {
  kind: 'vote' | 'refused';
  vote?: Vote;
  question: string;
  answer: string;
  citations: Citation[];
  userId: string;
  time: string;
  channelId?: string;
  messageId?: string;
}

const PREFIX = 'fb';

/** Where feedback goes: the JSONL file (FeedbackLog) or, with a database, its feedback table. */
export interface FeedbackSink {
  append(entry: FeedbackEntry): Promise<void>;
}

/** Appends entries one at a time so concurrent clicks never interleave lines. */
export class FeedbackLog implements FeedbackSink {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly log: Logger,
  ) {}

  append(entry: FeedbackEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    this.chain = this.chain.then(async () => {
      try {
        await mkdir(dirname(this.path), { recursive: true });
        await appendFile(this.path, line, 'utf8');
      } catch (err) {
        // Feedback is best effort: never fail the user's interaction over it.
        this.log.error({ err, path: this.path }, 'could not write feedback log');
      }
    });
    return this.chain;
  }
}

interface Tracked {
  question: string;
  answer: string;
  citations: Citation[];
}

export class Feedback {
  private readonly answers = new Lru<Tracked>(5000);

  constructor(
    private readonly file: FeedbackSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Remember an answer and return the button row that votes on it. */
  buttonsFor(answer: Answer): ActionRowBuilder<ButtonBuilder> {
    const key = randomBytes(6).toString('hex');
    this.answers.set(key, { question: answer.question, answer: answer.answer, citations: answer.citations });
    const button = (vote: Vote, emoji: string) =>
      new ButtonBuilder().setCustomId(`${PREFIX}:${vote}:${key}`).setEmoji(emoji).setStyle(ButtonStyle.Secondary);
    return new ActionRowBuilder<ButtonBuilder>().addComponents(button('up', '👍'), button('down', '👎'));
  }

  static parse(customId: string): { vote: Vote; key: string } | undefined {
    const m = /^fb:(up|down):([0-9a-f]+)$/.exec(customId);
    return m ? { vote: m[1] as Vote, key: m[2] ?? '' } : undefined;
  }

  /** Log a click; after a restart the answer text comes from the message itself. */
  vote(key: string, vote: Vote, who: { userId: string; channelId?: string; messageId?: string; messageText?: string }): Promise<void> {
    const known = this.answers.get(key);
    return this.file.append({
      kind: 'vote',
      vote,
      question: known?.question ?? '',
      answer: known?.answer ?? who.messageText ?? '',
      citations: known?.citations ?? [],
      userId: who.userId,
      time: this.now().toISOString(),
      channelId: who.channelId,
      messageId: who.messageId,
    });
  }

  refused(answer: Answer, userId: string, channelId?: string): Promise<void> {
    return this.file.append({
      kind: 'refused',
      question: answer.question,
      answer: answer.answer,
      citations: answer.citations,
      userId,
      time: this.now().toISOString(),
      channelId,
    });
  }
}
