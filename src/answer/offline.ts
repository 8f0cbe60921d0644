/**
 * When the chat model cannot be reached but the index is local, the question is
 * still answerable: quote the articles (the extractive answerer) and say why in
 * one line, in the asker's language. Not "temporarily": a refused connection is as often a wrong
 * OPENAI_BASE_URL as a server that is down (the log names the URL).
 */
import type { Logger } from '../log.js';
import type { Answer, Answerer, Lang } from '../types.js';
import type { LlmUnreachableError } from './errors.js';

const OFFLINE_NOTE: Record<Lang, string> = {
  'zh-Hans': '（无法连接 AI 模型，以下直接引用文章作答。）',
  'zh-Hant': '（無法連線 AI 模型，以下直接引用文章作答。）',
  en: '(The AI model cannot be reached; this answer quotes the articles directly.)',
};

export interface OfflineContext {
  question: string;
  /** The question as searched (a follow-up already rewritten). */
  standalone: string;
  lang: Lang;
  signal?: AbortSignal;
  emit?: (delta: string) => void;
  log: Logger;
}

export async function offlineAnswer(fallback: Answerer, err: LlmUnreachableError, o: OfflineContext): Promise<Answer> {
  o.log.warn({ reason: err.message }, 'chat model unreachable; answering from the articles');
  let fb: Answer;
  try {
    fb = await fallback.ask(o.standalone, { language: o.lang, signal: o.signal });
  } catch {
    throw err; // retrieval needs the same server (remote embedder): the model error is the real one
  }
  const answer = `${OFFLINE_NOTE[o.lang]}\n${fb.answer}`;
  o.emit?.(answer);
  return { ...fb, question: o.question, language: o.lang, answer, fallback: 'unreachable' };
}
