import { describe, expect, it } from 'vitest';
import { parseNewsQuery } from '../../src/retrieve/news-query.js';
import { findDatePhrases } from '../../src/retrieve/date-phrases.js';
import { findOutlets } from '../../src/retrieve/outlets.js';
import { addDays, parseSmallNumber, weekStart, yearOfDay, yearOfMonth } from '../../src/text/dates.js';

/** A Friday. */
const REF = '2023-12-01';
const RFA = '自由亚洲电台';
const VOA = '美国之音';
const DW = '德国之声';

type Expect = { source?: string; from?: string; to?: string; latest?: boolean; recent?: boolean; timeline?: boolean; list?: boolean };

/** [question, expected constraints and intents, reference day] */
const CASES: [string, Expect, string?][] = [
  // Outlets in three scripts, with a period.
  ['德国之声4月份关于李尚福访俄的报道说了什么？', { source: DW, from: '2023-04-01', to: '2023-04-30' }],
  ['德國之聲4月份關於李尚福訪俄的報導說了什麼？', { source: DW, from: '2023-04-01', to: '2023-04-30' }],
  ["What did VOA report in July about China's navy?", { source: VOA, from: '2023-07-01', to: '2023-07-31' }],
  ['What did Voice of America report about the navy?', { source: VOA }],
  ['美國之音怎麼報導台灣？', { source: VOA }],
  ['美国之音中文网的报道', { source: VOA }],
  ['自由亚洲电台说了什么', { source: RFA }],
  ['自由亞洲電台的報導', { source: RFA }],
  ['What does Radio Free Asia say about Hong Kong?', { source: RFA }],
  ['RFA on the Hong Kong protests', { source: RFA }],
  ['Deutsche Welle coverage of the summit', { source: DW }],
  ['DW和RFA的报道有什么不同？', {}],
  // Absolute dates (a question about coverage).
  ['2023年8月的报道', { from: '2023-08-01', to: '2023-08-31' }],
  ['2023年8月15日的新闻', { from: '2023-08-15', to: '2023-08-15' }],
  ['8月15日的报道', { from: '2023-08-15', to: '2023-08-15' }],
  ['12月15日的报道', { from: '2022-12-15', to: '2022-12-15' }],
  ['九月有什么关于美中关系的报道？', { from: '2023-09-01', to: '2023-09-30' }],
  ['十二月有什么报道', { from: '2023-12-01', to: '2023-12-31' }],
  ['十二月有什么报道', { from: '2022-12-01', to: '2022-12-31' }, '2023-11-30'],
  ['十一月的报道', { from: '2023-11-01', to: '2023-11-30' }],
  ['4月份的报道', { from: '2023-04-01', to: '2023-04-30' }],
  ['2023年有哪些報導？', { from: '2023-01-01', to: '2023-12-31', list: true }],
  ['二〇二二年的新闻', { from: '2022-01-01', to: '2022-12-31' }],
  ['2023年8月以后有哪些关于李尚福的报道？', { from: '2023-08-01', list: true }],
  ['2023年5月以前有哪些关于中俄军事合作的报道？', { to: '2023-04-30', list: true }],
  ['5月之前的報導', { to: '2023-04-30' }],
  ['8月以來的報導', { from: '2023-08-01' }],
  ['4月到6月的报道', { from: '2023-04-01', to: '2023-06-30' }],
  ['What did RFA report on 18 April?', { source: RFA, from: '2023-04-18', to: '2023-04-18' }],
  ['What did DW report on April 18, 2023?', { source: DW, from: '2023-04-18', to: '2023-04-18' }],
  ['News from the 3rd of March 2022', { from: '2022-03-03', to: '2022-03-03' }],
  ['Reports in April 2023 about Li Shangfu', { from: '2023-04-01', to: '2023-04-30' }],
  ['Any news since August?', { from: '2023-08-01', list: true }],
  ['Reports before May', { to: '2023-04-30' }],
  ['News after May 2023', { from: '2023-06-01' }],
  ['VOA reports until June', { source: VOA, to: '2023-06-30' }],
  ['News in 2022 about Taiwan', { from: '2022-01-01', to: '2022-12-31' }],
  ['What did DW report in early September?', { source: DW, from: '2023-09-01', to: '2023-09-30' }],
  // Relative dates (always the article's date).
  ['上个月王毅访问了哪个国家？', { from: '2023-04-01', to: '2023-04-30' }, '2023-05-10'],
  ['上個月王毅訪問了哪個國家？', { from: '2023-04-01', to: '2023-04-30' }, '2023-05-10'],
  ['上周有什么新闻', { from: '2023-11-20', to: '2023-11-26' }],
  ['上週的報導', { from: '2023-11-20', to: '2023-11-26' }],
  ['本周发生了什么', { from: '2023-11-27', to: REF }],
  ['今年王毅去过哪些国家', { from: '2023-01-01', to: REF }],
  ['去年的中美关系', { from: '2022-01-01', to: '2022-12-31' }],
  ['昨天的新闻', { from: '2023-11-30', to: '2023-11-30' }],
  ['今天有什么新闻', { from: REF, to: REF }],
  ['过去三个月的报道', { from: '2023-09-02', to: REF }],
  ['近7天李尚福的消息', { from: '2023-11-24', to: REF }],
  ['What happened last week in Hong Kong?', { from: '2023-11-20', to: '2023-11-26' }],
  ['What did DW report last month about Li Shangfu?', { source: DW, from: '2023-04-01', to: '2023-04-30' }, '2023-05-05'],
  ['What happened this year?', { from: '2023-01-01', to: REF }],
  ['What happened yesterday in Beijing?', { from: '2023-11-30', to: '2023-11-30' }],
  ['News from the past 2 weeks', { from: '2023-11-17', to: REF }],
  ['in the last month, what did Wang Yi do?', { from: '2023-11-01', to: '2023-11-30' }],
  // Latest and recent.
  ['最新一篇關於李尚福的報導是哪一篇？', { latest: true }],
  ['王毅的最新消息', { latest: true }],
  ['最近一篇关于王毅的报道', { latest: true }],
  ["What's the latest on Wang Yi?", { latest: true }],
  ['the most recent report on Li Shangfu', { latest: true }],
  ['最近有什么关于李尚福的报道', { recent: true }],
  ['近期中美关系如何？', { recent: true }],
  ['What has Wang Yi said recently?', { recent: true }],
  // Timelines.
  ['李尚福访俄的来龙去脉', { timeline: true }],
  ['中俄軍事合作的來龍去脈', { timeline: true }],
  ['中美关系的时间线', { timeline: true }],
  ['How did the China-Russia military relationship develop?', { timeline: true }],
  ['Give me a timeline of the Li Shangfu visits', { timeline: true }],
  // The articles themselves asked for.
  ['有哪些关于李尚福访俄的报道？', { list: true }],
  ['關於美中關係的報導有哪些？', { list: true }],
  ['Which reports mention Wang Yi?', { list: true }],
  ['Are there any articles about Qin Gang?', { list: true }],
];

/** Questions with no outlet, date or intent: searched exactly as asked. */
const NEGATIVES = [
  '三个代表是什么？',
  '「三個代表」重要思想是谁提出的？',
  '一带一路的报道',
  '一帶一路倡議是什麼？',
  'What did Theresa May say about China?',
  'May I ask what Wang Yi said?',
  '十月革命的报道',
  '九一八事变发生在哪里？',
  '五四运动的意义',
  '月亮上有什么',
  '三个月的谈判',
  '第十一个五年规划',
  '1998年5月谁当选了总统？',
  'In 1998, who won the election?',
  '李尚福会见了谁？',
  'Who did Li Shangfu meet in Moscow?',
  'The march in Hong Kong drew thousands',
  'Which dwelling did the panda live in?',
  '成纪县今天所在的位置是哪里？',
  '日本周刊少年Sunday连载了哪部漫画？',
  '自洪武六年到永乐十五年近50年内移民了多少次？',
  '1986年迟子建发表了哪篇文章？',
  'What article was published in 1937?',
  '离莱索托最近的港口是哪一个？',
  'How did Huguenots evolve their religious practice?',
  'Who is the main character today?',
];

describe('parseNewsQuery', () => {
  it.each(CASES)('%s', (question, want, ref) => {
    const q = parseNewsQuery(question, ref ?? REF);
    expect(q.constraints).toEqual(Object.fromEntries(Object.entries({ source: want.source, from: want.from, to: want.to }).filter(([, v]) => v)));
    expect({ latest: q.latest, recent: q.recent, timeline: q.timeline, list: q.list }).toEqual({ latest: !!want.latest, recent: !!want.recent, timeline: !!want.timeline, list: !!want.list });
    expect(q.matched).toBe(true);
  });

  it.each(NEGATIVES)('takes nothing from %s', (question) => {
    const q = parseNewsQuery(question, REF);
    expect(q).toMatchObject({ topic: question, constraints: {}, latest: false, recent: false, timeline: false, list: false, matched: false });
  });

  it('counts at least 60 phrasings across the three scripts', () => {
    expect(CASES.length + NEGATIVES.length).toBeGreaterThanOrEqual(60);
  });

  it('cuts the outlet, date and frame words from the topic, keeping the rest', () => {
    expect(parseNewsQuery('德国之声4月份关于李尚福访俄的报道说了什么？', REF).topic).toBe('李尚福访俄的 说了什么?');
    expect(parseNewsQuery('德國之聲4月份關於李尚福訪俄的報導說了什麼？', REF).topic).toBe('李尚福訪俄的 說了什麼?');
    expect(parseNewsQuery("What did VOA report in July about China's navy?", REF).topic).toBe("What did about China's navy?");
    expect(parseNewsQuery('最新一篇關於李尚福的報導是哪一篇？', REF).topic).toBe('李尚福的 ?');
  });

  it('a year-less month is the latest such month on or before the reference day', () => {
    expect(parseNewsQuery('4月的报道', '2023-04-10').constraints).toEqual({ from: '2023-04-01', to: '2023-04-30' });
    expect(parseNewsQuery('5月的报道', '2023-04-10').constraints).toEqual({ from: '2022-05-01', to: '2022-05-31' });
  });

  it('a date in an encyclopedic question is the event date, not a filter', () => {
    expect(parseNewsQuery('2008年奥运会在哪里举行？', REF).matched).toBe(false);
    expect(parseNewsQuery('2008年关于奥运会的报道', REF).constraints).toEqual({ from: '2008-01-01', to: '2008-12-31' });
  });
});

describe('date helpers', () => {
  it('reads small numbers in digits and numerals', () => {
    expect([parseSmallNumber('9'), parseSmallNumber('九'), parseSmallNumber('十二'), parseSmallNumber('二十五'), parseSmallNumber('三十一'), parseSmallNumber('二〇二三')]).toEqual([9, 9, 12, 25, 31, 2023]);
    expect(parseSmallNumber('百')).toBeNaN();
    expect([parseSmallNumber('十'), parseSmallNumber('三'), parseSmallNumber('两')]).toEqual([10, 3, 2]);
  });

  it('resolves year-less months and days backwards from the reference day', () => {
    expect(yearOfMonth(12, REF)).toBe(2023);
    expect(yearOfMonth(1, '2023-01-31')).toBe(2023);
    expect(yearOfDay(12, 2, REF)).toBe(2022);
    expect(yearOfDay(12, 1, REF)).toBe(2023);
  });

  it('weeks start on Monday', () => {
    expect(weekStart('2023-12-03')).toBe('2023-11-27');
    expect(weekStart('2023-11-27')).toBe('2023-11-27');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('rejects impossible dates', () => {
    expect(findDatePhrases('2月30日的报道', REF)).toEqual([]);
    expect(findDatePhrases('13月的报道', REF)).toEqual([]);
  });

  it('finds outlets only as whole words', () => {
    expect(findOutlets('dwell on it')).toEqual([]);
    expect(findOutlets('the voa and dw reports').map((m) => m.outlet.names.en)).toEqual(['VOA', 'DW']);
  });
});
