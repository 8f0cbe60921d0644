/**
 * Cross-lingual retrieval: turn an English question into Simplified Chinese plus
 * search keywords, since the corpus is Chinese. Chinese questions pass through.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage } from '@langchain/core/messages';
import { detectLanguage } from '../text/normalize.js';
import { neutraliseDelimiters } from './delimiters.js';
import { invokeChat } from './llm.js';
import { renderPrompt } from './prompts.js';

export interface TranslateOptions {
  /** Deadline for the model call (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Resolves to a one-line Chinese search query ("question keywords…"), or the
 * question itself when it is already Chinese or the model returns nothing.
 * Model failures reject with a typed UserFacingError (see errors.ts).
 */
export async function translateQuery(chat: BaseChatModel, question: string, opts: TranslateOptions = {}): Promise<string> {
  if (detectLanguage(question) !== 'en') return question;
  const prompt = renderPrompt('translate-query', { question: neutraliseDelimiters(question) });
  const reply = await invokeChat(chat, [new HumanMessage(prompt)], { timeoutMs: opts.timeoutMs ?? 30_000, signal: opts.signal });
  const line = reply
    .split('\n')
    .map((l) => l.trim().replace(/^["'“「]+|["'”」]+$/g, ''))
    .find((l) => l.length > 0);
  return line ?? question;
}
