/**
 * What a news question says besides its topic: the outlet, the period, whether it
 * wants the latest article, recent ones, or a timeline. Pure: question + reference
 * day in, { topic, constraints, intents } out. The matched words are cut from the
 * topic, so "德国之声" neither counts as a search term nor as a specific the
 * articles must contain.
 */
import type { DayRange } from '../text/dates.js';
import type { NewsConstraints, NewsQuery } from '../types.js';
import { nfkc, toSimplified } from '../text/normalize.js';
import { findDatePhrases, type DatePhrase } from './date-phrases.js';
import { findOutlets } from './outlets.js';

export type { NewsConstraints, NewsQuery } from '../types.js';

interface Span {
  start: number;
  end: number;
}

const LATEST = /最新(?:的)?(?:一篇|一则|一条)?|最近(?:的)?(?:一篇|一则|一条|一次)|(?<![a-z])(?:the\s+)?(?:latest|newest|most\s+recent(?:ly)?)(?![a-z])/gu;
const RECENT = /(?<![离距][^，。？?]{0,12})最近|近期|近来|近日|这几天|这段时间|(?<![a-z])(?:recent(?:ly)?|lately|these\s+days)(?![a-z])/gu;
const TIMELINE =
  /来龙去脉|前因后果|时间线|时间轴|始末|发展过程|演变过程|(?:是)?(?:怎么|如何|怎样)(?:一步步)?(?:发展|演变)(?:的|起来的)?|(?<![a-z])(?:(?:a|the)\s+)?(?:timeline|chronology)(?:\s+of)?(?![a-z])|(?<![a-z])(?:develop(?:ed)?|unfold(?:ed)?)(?![a-z])/gu;
/** A question about coverage: an absolute date then means the article's date, not the event's. */
// Not 文章 / "article": encyclopedic questions ask which article someone published in 1986.
const NEWS_CUE = /报道|报导|新闻|(?<![a-z])(?:report(?:s|ed|ing)?|news|coverage)(?![a-z])/u;
/**
 * Words that frame a question about coverage ("关于…的报道", "what did … report"):
 * like interrogatives, articles seldom contain them. Cut only from a question
 * that names an outlet, a period or an intent, so other questions stay as they were.
 */
const NEWS_FRAME = /(?:是)?哪一?(?:篇|则|条)|(?:哪|那|这)?(?:一篇|一则|篇|则)?(?:报道|报导|新闻|文章)|关于|(?<![a-z])(?:report(?:s|ed|ing)?|articles?|news|coverage|cover(?:s|ed)?|mention(?:s|ed)?)(?![a-z])/gu;
/** A question asking which articles there are: they are the answer, not one sentence of theirs. */
const LIST =
  /有哪些[^，。？?]{0,30}?(?:报道|报导|新闻|文章)|(?:报道|报导|新闻|文章)有哪些|哪(?:几|些)(?:篇|则|条)?(?:报道|报导|新闻|文章)|(?<![a-z])(?:which|what|any)\s+(?:reports|articles|stories|news|coverage)(?![a-z])|(?<![a-z])list\s+(?:the\s+)?(?:reports|articles|stories)(?![a-z])/gu;
/** The words of such a question that only ask (the topic between them stays). */
const LIST_WORDS = /有哪些|哪(?:几|些)(?:篇|则|条)?|(?<![a-z])(?:which|what|any|list(?:\s+the)?)\s+(?=reports|articles|stories|news|coverage)/gu;
/** "How did X develop": the timeline words count only in such a question. */
const HOW_DID = /(?<![a-z])how\s+(?:did|has|have|do|does)\s/u;

function spansOf(re: RegExp, text: string): Span[] {
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const overlaps = (a: Span, spans: Span[]) => spans.some((b) => a.start < b.end && b.start < a.end);

/** Several periods: full ranges join ("from April to June"), one-sided bounds narrow. */
function combine(phrases: DatePhrase[]): DayRange {
  const full = phrases.filter((p) => p.range.from && p.range.to);
  const out: DayRange = {};
  if (full.length > 0) {
    out.from = full.map((p) => p.range.from!).sort()[0];
    out.to = full.map((p) => p.range.to!).sort().at(-1);
  }
  for (const p of phrases.filter((x) => !(x.range.from && x.range.to))) {
    if (p.range.from && (!out.from || p.range.from > out.from)) out.from = p.range.from;
    if (p.range.to && (!out.to || p.range.to < out.to)) out.to = p.range.to;
  }
  return out;
}

/** The question with the spans cut out (a space keeps the words around them apart). */
function cut(text: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += `${text.slice(at, s.start)} `;
    at = s.end;
  }
  return (out + text.slice(at)).replace(/ {2,}/g, ' ').trim();
}

/**
 * Parse a question against a reference day (ISO). Relative dates ("上个月") always
 * constrain; absolute ones only when the question is about coverage (an outlet, 报道,
 * "report"): "1998年谁当选" asks about 1998, not about articles published then.
 */
export function parseNewsQuery(question: string, ref: string): NewsQuery {
  const display = nfkc(question);
  const simplified = toSimplified(display);
  // Spans are found in the matching form; they index the display form when the conversion kept the length.
  const base = simplified.length === display.length ? display : simplified;
  const text = simplified.toLowerCase();

  const outlets = findOutlets(text);
  const latest = spansOf(LATEST, text);
  const recent = spansOf(RECENT, text).filter((s) => !overlaps(s, latest));
  const timelineSpans = spansOf(TIMELINE, text).filter((s) => /[a-z]/.test(text.slice(s.start, s.end)) ? HOW_DID.test(text) || /timeline|chronology/.test(text.slice(s.start, s.end)) : true);
  const cue = outlets.length > 0 || NEWS_CUE.test(text);
  const taken = [...outlets, ...latest, ...recent];
  const dates = findDatePhrases(text, ref).filter((p) => (p.relative || cue) && !overlaps(p, taken));

  const constraints: NewsConstraints = {};
  const named = [...new Set(outlets.map((o) => o.outlet))];
  // Two outlets named ("RFA 和 DW") is a comparison: no single-outlet filter.
  if (named.length === 1) constraints.source = named[0]!.filter;
  const range = combine(dates);
  if (range.from) constraints.from = range.from;
  if (range.to) constraints.to = range.to;

  const listSpans = LIST.test(text) ? spansOf(LIST_WORDS, text) : [];
  LIST.lastIndex = 0;
  const intents = [...taken, ...dates, ...timelineSpans, ...listSpans];
  const matched = intents.length > 0;
  const spans = matched ? [...intents, ...spansOf(NEWS_FRAME, text).filter((f) => !overlaps(f, intents))] : intents;
  return {
    topic: matched ? cut(base, spans) || base : question,
    constraints,
    latest: latest.length > 0,
    recent: recent.length > 0 && !range.from,
    timeline: timelineSpans.length > 0,
    list: listSpans.length > 0 && timelineSpans.length === 0,
    matched,
  };
}

/** Whether the question restricts the search (an outlet or a period). */
export function isStrict(c: NewsConstraints): boolean {
  return !!(c.source || c.from || c.to);
}
