/**
 * The answer pipeline shared by mentions, follow-ups and /ask: run the answerer
 * behind the concurrency gate (streaming previews when generative), turn the
 * answer into payloads with feedback buttons, then remember and log it.
 */
import type { ActionRowBuilder, ButtonBuilder } from 'discord.js';
import type { Answer, Lang, Turn } from '../types.js';
import type { BotContext } from './context.js';
import { formatAnswer } from '../present/answer-text.js';
import { toPayloads, type MessagePayload } from './format.js';

export interface AskRequest {
  question: string;
  history: Turn[];
  language?: Lang;
  /** Called with the whole text so far while a generative answer streams. */
  onPreview?: (text: string) => void;
}

export async function produceAnswer(ctx: BotContext, req: AskRequest): Promise<Answer> {
  return ctx.gate.run(async () => {
    const opts = { history: req.history, language: req.language, signal: ctx.signal };
    if (ctx.answerer.mode !== 'generative' || !req.onPreview) return ctx.answerer.ask(req.question, opts);
    const stream = ctx.answerer.stream(req.question, opts);
    // If the deltas fail, `final` rejects too; don't let that surface as unhandled.
    stream.final.catch(() => {});
    let text = '';
    for await (const delta of stream.deltas) {
      text += delta;
      req.onPreview(text);
    }
    return stream.final;
  });
}

export type AnswerPayload = MessagePayload & { components?: ActionRowBuilder<ButtonBuilder>[] };

/** The answer with sources, split into messages; the last one carries 👍/👎. */
export function answerPayloads(ctx: BotContext, answer: Answer): AnswerPayload[] {
  const payloads: AnswerPayload[] = toPayloads(formatAnswer(answer));
  const last = payloads[payloads.length - 1];
  if (last) last.components = [ctx.feedback.buttonsFor(answer)];
  return payloads;
}

export interface Delivered {
  answer: Answer;
  history: Turn[];
  userId: string;
  channelId: string;
  threadId?: string;
  messageIds: string[];
}

/** Remember the exchange (follow-ups, /sources) and log refusals for review. */
export async function afterAnswer(ctx: BotContext, d: Delivered): Promise<void> {
  ctx.conversations.record({ channelId: d.channelId, threadId: d.threadId, messageIds: d.messageIds, history: d.history, answer: d.answer });
  ctx.log.info(
    { userId: d.userId, channelId: d.channelId, grounded: d.answer.grounded, mode: d.answer.mode, citations: d.answer.citations.length, timings: d.answer.timings },
    'answered',
  );
  if (!d.answer.grounded) await ctx.feedback.refused(d.answer, d.userId, d.channelId);
}
