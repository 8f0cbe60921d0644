/**
 * Date phrases in a question's matching form (NFKC, Simplified, lower-case), in
 * Chinese and English, resolved against a reference day to inclusive day ranges.
 * Absolute phrases ("2023年8月", "on 18 april") and relative ones ("上个月",
 * "last week") are told apart: an absolute date in an encyclopedic question is
 * usually the event's date, not the article's (news-query.ts decides).
 */
import {
  addDays, addMonths, isoDay, monthRange, parseIsoDay, parseSmallNumber, weekStart, yearOfDay, yearOfMonth, yearRange, type DayRange,
} from '../text/dates.js';

export interface DatePhrase {
  start: number;
  end: number;
  range: DayRange;
  relative: boolean;
}

type Make = (m: RegExpExecArray, ref: string) => { range: DayRange; relative: boolean } | undefined;

const NUM = '\\d{1,2}|[一二三四五六七八九十]{1,3}';
const YEAR = '(?:19|20)\\d{2}|[〇零一二三四五六七八九]{4}';
/** Not the tail of a longer number or count: "第三个月", "2012月", "十一五". */
const NOT_AFTER_NUMBER = '(?<![\\d〇零一二三四五六七八九十百千万两第个几每])';
/** "月" words that are no month: 月亮, 月球, 月饼, 十月革命, 五月花. */
const NOT_MONTH_WORD = '(?![亮球饼光票薪革花])';
const ZH_SINCE = '以后|之后|以来|开始|起|后(?![来面])';
const ZH_BEFORE = '以前|之前|前(?![往夕来去线])';

const EN_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const EN_MONTH = '(january|february|march|april|may|june|july|august|september|sept|october|november|december)';
const EN_PREP = '(?:(since|after|before|until|till|through|in|during|on|throughout)\\s+)';
const ORD = '(?:st|nd|rd|th)?';

function monthNumber(name: string): number {
  return name === 'sept' ? 9 : EN_MONTHS.indexOf(name) + 1;
}

function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A period with "since"/"before"/"until" applied: since keeps its start, before ends the day before it. */
function bounded(period: Required<DayRange>, mode: string | undefined): DayRange {
  if (!mode) return period;
  if (/^(since|以后|之后|以来|开始|起|后)$/.test(mode)) return { from: period.from };
  if (mode === 'after') return { from: addDays(period.to, 1) };
  if (/^(before|以前|之前|前)$/.test(mode)) return { to: addDays(period.from, -1) };
  if (/^(until|till|through)$/.test(mode)) return { to: period.to };
  return period;
}

/** Year, month, day (any may be missing) → the period they name; undefined when not a real date. */
function period(year: number | undefined, month: number | undefined, day: number | undefined, ref: string): Required<DayRange> | undefined {
  if (month === undefined) return year === undefined ? undefined : yearRange(year);
  if (day === undefined) return month >= 1 && month <= 12 ? monthRange(year ?? yearOfMonth(month, ref), month) : undefined;
  const y = year ?? yearOfDay(month, day, ref);
  if (!validDay(y, month, day)) return undefined;
  const iso = isoDay(y, month, day);
  return { from: iso, to: iso };
}

const num = (s: string | undefined) => (s === undefined ? undefined : parseSmallNumber(s));

/** Relative spans: "last month" is the calendar month before the reference day's. */
function relativeMonth(ref: string, delta: number): Required<DayRange> {
  const r = parseIsoDay(ref);
  const m = addMonths(r.year, r.month, delta);
  return delta === 0 ? { from: isoDay(r.year, r.month, 1), to: ref } : monthRange(m.year, m.month);
}

function relativeYear(ref: string, delta: number): Required<DayRange> {
  const year = parseIsoDay(ref).year + delta;
  return delta === 0 ? { from: isoDay(year, 1, 1), to: ref } : yearRange(year);
}

function relativeWeek(ref: string, delta: number): Required<DayRange> {
  const monday = weekStart(ref);
  return delta === 0 ? { from: monday, to: ref } : { from: addDays(monday, -7), to: addDays(monday, -1) };
}

/** "past 3 months": from that many units before the reference day up to it. */
function rolling(ref: string, n: number, unit: string): DayRange | undefined {
  // "近50年" is history, not news: only spans a news archive is asked about.
  const max = /^(天|日|day)/.test(unit) ? 100 : /^(周|星期|礼拜|week)/.test(unit) ? 52 : /^(个月|month)/.test(unit) ? 24 : 3;
  if (!(n > 0 && n <= max)) return undefined;
  const days = /^(天|日|day)/.test(unit) ? n : /^(周|星期|礼拜|week)/.test(unit) ? 7 * n : /^(个月|month)/.test(unit) ? 30 * n : 365 * n;
  return { from: addDays(ref, -days), to: ref };
}

const rel = (range: DayRange | undefined) => (range ? { range, relative: true } : undefined);
const abs = (range: DayRange | undefined) => (range ? { range, relative: false } : undefined);

const RULES: [RegExp, Make][] = [
  // Chinese: 2023年8月15日 / 2023年8月 / 8月15日 / 4月份 / 九月 / 2023年, each optionally 以后 / 以前.
  [
    new RegExp(`${NOT_AFTER_NUMBER}(?:(${YEAR})年(?:度)?(?!代))?(?:(${NUM})月(?:份)?${NOT_MONTH_WORD}(?:(${NUM})[日号])?)?(?:初|底|中旬|上旬|下旬)?(${ZH_SINCE}|${ZH_BEFORE})?`, 'gu'),
    (m, ref) => {
      if (!m[1] && !m[2]) return undefined;
      const p = period(num(m[1]), num(m[2]), num(m[3]), ref);
      return p && abs(bounded(p, m[4]));
    },
  ],
  // 今天 also means "nowadays" (「今天所在的位置」): a date only in a question about coverage.
  [/今天|今日(?!美国)/gu, (_m, ref) => ({ range: { from: ref, to: ref }, relative: false })],
  [/昨天|昨日/gu, (_m, ref) => rel({ from: addDays(ref, -1), to: addDays(ref, -1) })],
  [/前天/gu, (_m, ref) => rel({ from: addDays(ref, -2), to: addDays(ref, -2) })],
  // "日本周刊" is Japan's weekly, not this week.
  [/(?<!日)本周(?![刊报末])|这周|这个?星期|这个?礼拜/gu, (_m, ref) => rel(relativeWeek(ref, 0))],
  [/上周|上个?星期|上个?礼拜/gu, (_m, ref) => rel(relativeWeek(ref, -1))],
  [/(?<!日)本月(?![刊报])|这个月/gu, (_m, ref) => rel(relativeMonth(ref, 0))],
  [/上个月|上月/gu, (_m, ref) => rel(relativeMonth(ref, -1))],
  [/今年/gu, (_m, ref) => rel(relativeYear(ref, 0))],
  [/去年/gu, (_m, ref) => rel(relativeYear(ref, -1))],
  [/前年/gu, (_m, ref) => rel(relativeYear(ref, -2))],
  [/(?:过去|近|最近)(\d{1,2}|[一二三四五六七八九十两]{1,2})(天|日|周|个星期|个礼拜|个月|年)(?:来|内|以来)?/gu, (m, ref) => rel(rolling(ref, m[1] === '两' ? 2 : parseSmallNumber(m[1]!), m[2]!))],
  // English: "on 18 april 2023", "april 18, 2023", "april 2023", "in april", "since august", "in 2023".
  [
    new RegExp(`${EN_PREP}?(?:the\\s+)?(\\d{1,2})${ORD}\\s+(?:of\\s+)?${EN_MONTH}(?:,?\\s+(\\d{4}))?(?![a-z\\d'’])`, 'gu'),
    (m, ref) => {
      const p = period(m[4] ? Number(m[4]) : undefined, monthNumber(m[3]!), Number(m[2]), ref);
      return p && abs(bounded(p, m[1]));
    },
  ],
  [
    new RegExp(`${EN_PREP}?${EN_MONTH}\\s+(\\d{1,2})${ORD}(?![\\d])(?:,?\\s+(\\d{4}))?(?![a-z\\d'’])`, 'gu'),
    (m, ref) => {
      const p = period(m[4] ? Number(m[4]) : undefined, monthNumber(m[2]!), Number(m[3]), ref);
      return p && abs(bounded(p, m[1]));
    },
  ],
  [
    new RegExp(`${EN_PREP}?${EN_MONTH},?\\s+(\\d{4})(?![a-z\\d'’])`, 'gu'),
    (m, ref) => {
      const p = period(Number(m[3]), monthNumber(m[2]!), undefined, ref);
      return p && abs(bounded(p, m[1]));
    },
  ],
  // A bare month only after a preposition: "Theresa May" and "may I ask" are no dates.
  [
    new RegExp(`(?<![a-z])${EN_PREP}(?:(?:early|late|mid-?)\\s*)?${EN_MONTH}(?![a-z'’-])`, 'gu'),
    (m, ref) => {
      const p = period(undefined, monthNumber(m[2]!), undefined, ref);
      return p && abs(bounded(p, m[1]));
    },
  ],
  [new RegExp(`(?<![a-z])${EN_PREP}((?:19|20)\\d{2})(?![\\d])`, 'gu'), (m, ref) => abs(bounded(period(Number(m[2]), undefined, undefined, ref)!, m[1]))],
  [/(?<![a-z])yesterday(?![a-z])/gu, (_m, ref) => rel({ from: addDays(ref, -1), to: addDays(ref, -1) })],
  [/(?<![a-z])today(?![a-z])/gu, (_m, ref) => ({ range: { from: ref, to: ref }, relative: false })],
  [/(?<![a-z])(?:in\s+)?(this|last|past)\s+(week|month|year)(?![a-z])/gu, (m, ref) => {
    const delta = m[1] === 'this' ? 0 : -1;
    if (m[1] === 'past') return rel(rolling(ref, 1, m[2]!));
    return rel(m[2] === 'week' ? relativeWeek(ref, delta) : m[2] === 'month' ? relativeMonth(ref, delta) : relativeYear(ref, delta));
  }],
  [/(?<![a-z])(?:in\s+|over\s+)?(?:the\s+)?(?:past|last)\s+(\d{1,2}|two|three|four|five|six|seven|ten)\s+(days?|weeks?|months?|years?)(?![a-z])/gu, (m, ref) => {
    const words: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10 };
    return rel(rolling(ref, words[m[1]!] ?? Number(m[1]), m[2]!));
  }],
];

/** Every date phrase, left to right; an earlier or longer match wins an overlap. */
export function findDatePhrases(matchText: string, ref: string): DatePhrase[] {
  const found: DatePhrase[] = [];
  for (const [re, make] of RULES) {
    for (const m of matchText.matchAll(re)) {
      if (m[0].length === 0) continue;
      const made = make(m as RegExpExecArray, ref);
      if (made) found.push({ start: m.index, end: m.index + m[0].length, ...made });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DatePhrase[] = [];
  for (const p of found) if (!kept.some((k) => p.start < k.end && k.start < p.end)) kept.push(p);
  return kept;
}
