/**
 * Article titles in the asker's script: a Simplified asker sees a Traditional
 * outlet's title in Simplified (and the other way round) in the source list and in
 * /sources. English askers see the original title. Applied to whatever answerer is
 * in use, so neither answerer has to remember it.
 */
import { toScriptOf } from '../text/normalize.js';
import type { Answer, AnswerStream, Answerer, AskOptions } from '../types.js';

export function titlesInAskerScript(answer: Answer): Answer {
  if (answer.language === 'en') return answer;
  const title = (t: string) => toScriptOf(answer.language, t);
  return {
    ...answer,
    citations: answer.citations.map((c) => ({ ...c, title: title(c.title) })),
    ...(answer.passages ? { passages: answer.passages.map((p) => ({ ...p, article: { ...p.article, title: title(p.article.title) } })) } : {}),
  };
}

export function withTitlesInAskerScript(inner: Answerer): Answerer {
  return {
    mode: inner.mode,
    ask: async (question: string, opts?: AskOptions) => titlesInAskerScript(await inner.ask(question, opts)),
    stream(question: string, opts?: AskOptions): AnswerStream {
      const s = inner.stream(question, opts);
      const final = s.final.then(titlesInAskerScript);
      final.catch(() => {}); // the caller may read only the deltas
      return { deltas: s.deltas, final };
    },
  };
}
