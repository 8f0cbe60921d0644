/**
 * Is a question a follow-up, and what does it ask on its own? Decided from the
 * question itself, not from its length: a pronoun or demonstrative with nothing
 * named of its own (「他后来去了哪里？」, "Where did he go next?"), an ellipsis
 * (「那秦刚呢？」, "What about Qin Gang?"), or a bare continuation (「后来呢？」,
 * "And then?"). A follow-up is rewritten with the antecedent from the previous
 * turn; anything else is answered on its own and the history is ignored, so one
 * conversation's topic never leaks into the next question.
 */
import { detectLanguage, toScriptOf } from '../text/normalize.js';
import type { Turn } from '../types.js';
import { questionWords, type Pronoun, type QuestionWords } from './question-words.js';

export type FollowUpReading =
  | { kind: 'standalone' }
  | { kind: 'anaphora'; pronoun: Pronoun }
  | { kind: 'ellipsis'; focus: string }
  | { kind: 'continuation' };

const END_PUNCT = /[\s?？!！。.…]+$/u;
const ZH_QUESTION_WORD = /什么|哪|谁|怎|为何|多少|几|吗|是否/u;
const ZH_CONTINUATION = /^(那么?|还有|而)?(后来|然后|之后|接着|接下来|此后|随后|以后|最后|结果|再后来)/u;
const ZH_ELLIPSIS = /^(?:那么?|还有|而)?(.+?)呢$/u;
const EN_CONTINUATION = /^(and\s+)?(then|after that|afterwards|later|next|what next|then what|what happened next|what happened after that|what else|why|how come)\b/i;
const EN_ELLIPSIS = /^(?:and\s+)?(?:what|how)\s+about\s+(.+)$/i;
const EN_AND_X = /^and\s+(.+)$/i;
const EN_QUESTION_WORD = /\b(what|who|whom|where|when|why|how|which|did|does|do|is|are|was|were)\b/i;

/** How the question relates to what came before it. */
export function readFollowUp(question: string): FollowUpReading {
  const words = questionWords(question);
  const bare = words.text.replace(END_PUNCT, '');
  const zh = /\p{Script=Han}/u.test(bare);
  const continuation = zh ? ZH_CONTINUATION : EN_CONTINUATION;
  if (continuation.test(bare) && words.entities.length === 0) return { kind: 'continuation' };
  const ellipsis = zh ? ZH_ELLIPSIS.exec(bare) : (EN_ELLIPSIS.exec(bare) ?? EN_AND_X.exec(bare));
  const focus = ellipsis?.[1]?.trim();
  if (focus && !(zh ? ZH_QUESTION_WORD : EN_QUESTION_WORD).test(focus)) {
    return continuation.test(focus) ? { kind: 'continuation' } : { kind: 'ellipsis', focus };
  }
  // A personal pronoun as the subject points back even next to other names (「他和普京谈了什么」).
  const subject = words.pronouns.find((p) => p.kind === 'personal' && p.wordIndex <= 2);
  if (subject) return { kind: 'anaphora', pronoun: subject };
  const pointer = words.pronouns[0];
  if (pointer && words.entities.length === 0) return { kind: 'anaphora', pronoun: pointer };
  // Nothing named and nothing to search for (「为什么？」, "Why?").
  if (words.entities.length === 0 && words.nouns.length === 0 && bare.length <= 12) return { kind: 'continuation' };
  return { kind: 'standalone' };
}

export function isFollowUp(question: string, history: Turn[] | undefined): boolean {
  return !!history?.length && readFollowUp(question).kind !== 'standalone';
}

/** What the previous question was about: its first named thing, else its nouns. */
function topicOf(words: QuestionWords): string | undefined {
  return words.entities[0] ?? (words.nouns.length ? words.nouns.join('') : undefined);
}

/** The most recent earlier question that names something, itself made standalone. */
function antecedent(history: Turn[]): { question: string; topic: string } | undefined {
  for (let i = history.length - 1; i >= Math.max(0, history.length - 4); i--) {
    const question = standaloneQuestion(history[i]!.question, history.slice(0, i));
    const topic = topicOf(questionWords(question));
    if (topic) return { question: questionWords(question).text, topic };
  }
  return undefined;
}

/** What the conversation is about, for a follow-up: the topic of the latest earlier question that names one. */
export function followUpTopic(history: Turn[] = []): string | undefined {
  return antecedent(history)?.topic;
}

function replaceWord(text: string, word: string, by: string, latin: boolean): string {
  if (!latin) return text.replace(word, by);
  const possessive = /^(his|her|their|its|theirs|hers)$/i.test(word);
  return text.replace(new RegExp(`\\b${word}\\b`), possessive ? `${by}'s` : by);
}

function rewrite(reading: Exclude<FollowUpReading, { kind: 'standalone' }>, words: QuestionWords, prior: { question: string; topic: string }): string {
  const latin = !/\p{Script=Han}/u.test(words.text);
  const glue = latin || /^[A-Za-z]/.test(prior.topic) ? ' ' : '';
  switch (reading.kind) {
    case 'anaphora':
      // 「这次峰会」 with topic 美日韩峰会: drop the repeated noun.
      return replaceWord(words.text, reading.pronoun.text, prior.topic, latin).replace(/(\p{Script=Han}{2,})\1/u, '$1');
    case 'ellipsis':
      // 「那秦刚呢？」 after 「李尚福出访了哪里？」 → 「秦刚出访了哪里？」
      return prior.question.includes(prior.topic) ? prior.question.replace(prior.topic, reading.focus) : `${reading.focus} ${prior.question}`;
    case 'continuation':
      return `${prior.topic}${glue}${words.text}`;
  }
}

/**
 * The question to search with: a follow-up rewritten with its antecedent, in the
 * asker's script; any other question unchanged.
 */
export function standaloneQuestion(question: string, history: Turn[] = []): string {
  if (history.length === 0) return question;
  const reading = readFollowUp(question);
  if (reading.kind === 'standalone') return question;
  const prior = antecedent(history);
  if (!prior) return question;
  const text = rewrite(reading, questionWords(question), prior);
  const lang = detectLanguage(question);
  return lang === 'en' ? text : toScriptOf(lang, text);
}
