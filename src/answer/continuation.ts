/**
 * 「他后来去了哪里？」, "Where did he go next?": a follow-up that asks what came
 * after. Its rewrite (「李尚福后来去了哪里？」) is about the same topic as the
 * previous answer, so a plain search finds the same passages and the answer repeats
 * itself. A continuation is searched without the "later" word (an order, not a
 * topic: 「后来」 matched 「下去后」), among articles published after the newest
 * source of the previous answer, and never quotes a sentence that answer already
 * quoted.
 */
import { splitSentences } from '../text/sentences.js';
import { addDays, daysBetween, isoDay } from '../text/dates.js';
import { normalizeForMatch, toScriptOf } from '../text/normalize.js';
import type { KnowledgeBase, Lang, SearchHit, Turn } from '../types.js';
import { followUpTopic, isFollowUp } from './follow-up.js';

const ZH_LATER = /再后来|后来|然后|之后|接着|接下来|此后|随后|以后|後來|然後|之後|接著|接下來|此後|隨後|以後/gu;
const EN_LATER = /\b(?:after that|afterwards?|later on|later|then|next)\b/giu;

export interface Continuation {
  /** The previous answer's topic (its question's first named thing). */
  topic: string;
  /** The rewritten question without its "later" words: what to search for. */
  searchText: string;
  /** The newest source of the previous answer (ISO day). */
  after: string;
  /** The day after it: later articles start here. */
  from: string;
  /** Sentences the previous answer quoted, in matching form. */
  given: Set<string>;
}

/** Does the question ask what came after (后来/然后/之后/接着, then/later/after that)? */
export function asksLater(question: string): boolean {
  return new RegExp(ZH_LATER.source, 'u').test(question) || new RegExp(EN_LATER.source, 'iu').test(question);
}

/** The words that ask "later" taken out; the rest of the question kept as it was. */
export function withoutLaterWords(text: string): string {
  return text.replace(ZH_LATER, '').replace(EN_LATER, '').replace(/\s{2,}/g, ' ').replace(/\s+([?？])/u, '$1').trim();
}

/** The answer's quoted sentences: its lines after the lead, citation markers dropped. */
function quotedSentences(answer: string): string[] {
  const body = answer.split('\n').slice(1).join('\n');
  return splitSentences(body.replace(/\[\d+\]/g, '\n').replace(/ \[[^\]]*\]/g, '').replace(/^- \d{4}-\d\d-\d\d [^：:]*[：:]/gmu, ''))
    .map((s) => normalizeForMatch(s).trim())
    .filter((s) => s.length >= 6);
}

/** A follow-up asking what came after the previous answer, with what that answer gave; else undefined. */
export function continuationOf(question: string, standalone: string, history: Turn[] | undefined): Continuation | undefined {
  if (!history?.length || !isFollowUp(question, history) || !asksLater(question)) return undefined;
  const previous = history[history.length - 1]!;
  if (!previous.citations?.length) return undefined;
  const topic = followUpTopic(history);
  if (!topic) return undefined;
  const newest = previous.citations.map((c) => c.publishedAt.slice(0, 10)).sort().at(-1)!;
  return { topic, searchText: withoutLaterWords(standalone), after: newest, from: addDays(newest, 1), given: new Set(quotedSentences(previous.answer)) };
}

/** Hits with the sentences already given taken out of their passages; hits left with nothing are dropped. */
export function withoutGiven(hits: SearchHit[], given: Set<string>): SearchHit[] {
  if (given.size === 0) return hits;
  const fresh = (s: string) => !given.has(normalizeForMatch(s).trim());
  return hits
    .map((h) => ({ ...h, passages: h.passages.map((p) => ({ ...p, text: splitSentences(p.text).filter(fresh).join('') })).filter((p) => p.text.trim().length > 0) }))
    .filter((h) => h.passages.length > 0);
}

/** The lead of an answer from the later articles, oldest first. */
export function laterLead(c: Continuation, lang: Lang): string {
  if (lang === 'en') return `Reported about ${c.topic} after ${c.after}, oldest first, in Chinese (no translation offline; names, dates and numbers the dictionary knows in [brackets]):`;
  return toScriptOf(lang, `资料库中${c.after}以后关于${c.topic}的报道，按时间顺序：`);
}

/** Nothing new: no later article about the topic, and no unquoted sentence that answers. */
export function nothingLater(c: Continuation, lang: Lang): string {
  if (lang === 'en') return `The articles have nothing about ${c.topic} after ${c.after} beyond what the previous answer said.`;
  return toScriptOf(lang, `除了上一个回答引用的内容，资料库中没有${c.after}以后关于${c.topic}的报道。`);
}

/** Within this many days of the article's date, a dated sentence reports the article's own event. */
const EVENT_DAYS = 3;

/**
 * Does the sentence date what it tells near the article's publication (「周一（7月3日）在北京会见」
 * in a 3 July report)? That is the news the article brings, not background (「今年4月曾赴俄访问」).
 */
export function reportsOwnEvent(sentence: string, publishedAt: string): boolean {
  const year = Number(publishedAt.slice(0, 4));
  for (const m of sentence.matchAll(/(\d{1,2})月(\d{1,2})日/gu)) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (Math.abs(daysBetween(isoDay(year, month, day), publishedAt.slice(0, 10))) <= EVENT_DAYS) return true;
  }
  return false;
}

/** Which search a "later" follow-up was answered from. */
export type LaterStage = 'question' | 'topic' | 'any';

export interface AfterHistory {
  hits: SearchHit[];
  /** The text searched (a "later" follow-up without its "later" words). */
  searchText: string;
  /** Set for a "later" follow-up: the later articles for the question, the later articles about the topic, or all. */
  later?: { stage: LaterStage; continuation: Continuation };
}

/**
 * The hits for a question as searched. A "later" follow-up, never with the sentences
 * the previous answer quoted: the question among later articles when they answer it
 * (`accepts`; default: one is relevant), else the later articles about the topic (what
 * happened next, told oldest first), else the question among all articles. Any other
 * question: its plain search.
 */
export async function searchAfterHistory(
  kb: KnowledgeBase,
  question: string,
  standalone: string,
  o: { history?: Turn[]; k?: number; now?: string; minRelevance: number; accepts?: (hits: SearchHit[], searchText: string) => boolean },
): Promise<AfterHistory> {
  const c = continuationOf(question, standalone, o.history);
  if (!c) return { hits: await kb.search(standalone, { k: o.k, now: o.now }), searchText: standalone };
  const relevant = (hits: SearchHit[]) => hits.filter((h) => h.relevance >= o.minRelevance);
  const search = async (text: string, from?: string) => withoutGiven(await kb.search(text, { k: o.k, now: o.now, from }), c.given);
  const result = (hits: SearchHit[], stage: LaterStage) => ({ hits, searchText: c.searchText, later: { stage, continuation: c } });
  const laterHits = await search(c.searchText, c.from);
  if ((o.accepts ?? ((h) => relevant(h).length > 0))(laterHits, c.searchText)) return result(laterHits, 'question');
  const aboutTopic = relevant(await search(c.topic, c.from));
  if (aboutTopic.length > 0) return result(aboutTopic, 'topic');
  return result(await search(c.searchText), 'any');
}
