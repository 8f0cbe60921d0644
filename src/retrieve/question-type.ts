/**
 * What a question asks for: a person, a place, a time, a number, a duration, a
 * reason, what someone said, a name, or something else. Read from its interrogative words, in Chinese
 * (either script: the input is the matching form) and English. Answerability uses it
 * to require that a passage holds that kind of thing, not just the question's words.
 */

import type { AnswerType } from '../types.js';

export type { AnswerType };

/** Chinese patterns, most specific first: 「多少年」 is a duration before it is a number. */
const CHINESE: [AnswerType, RegExp][] = [
  ['duration', /多久|多长时间|多少(?:年|个月|天|小时|分钟|周|星期)|几(?:年|个月|天|小时|周)(?!前|后|级|月份)/],
  // A year is asked for by name: a month or a day does not answer it.
  ['year', /哪一?年(?!代|级)|何年|哪个年份|什么年份|几几年|哪年/],
  ['time', /哪一?天|哪一?日|哪个月|几月|几号|几日|何时|什么时候|什么时间|哪个时候|何日|(?:什么|哪个|哪一)(?:年份|日期)|(?:年份|日期)是(?:什么|哪)|哪个朝代|什么朝代|哪个世纪|哪个年代/],
  ['number', /多少|几(?:个|名|位|次|种|座|岁|人|项|条|部|届|艘|架|辆|份|倍|万|千|百|十)|多大|多高|多远|多重|多深|多宽|多厚|百分之几|第几/],
  ['reason', /为什么|为何|为啥|什么原因|原因是|何故|因何/],
  ['person', /谁|哪位|何人|哪(?:一)?个人|哪些人/],
  // What someone said: answered by a sentence that reports speech, not by one that only names the speaker. (「用波兰语
  // 怎么说」 asks a name.)
  ['statement', /(?:说|讲|表示|谈|指出|强调|回应|提到|透露|声称|宣称)(?:了|过)?(?:些|一些)?(?:什么|哪些)|如何(?:回应|表态|评价)|有何(?:表示|回应|评论)|作何(?:回应|表示)/],
  ['place', /哪里|首都|首府|哪儿|何地|何处|什么地方|哪个(?:国家|城市|地方|省|州|地区)|哪国|哪座城|在哪/],
  ['name', /叫什么|什么名字|名称是|名字是|称为什么|哪所|哪家|哪支|哪部|哪本|哪首|哪个|哪种|哪一(?:个|种|部|所|家)|哪些|何种/],
];

/** English patterns, checked in order. */
const ENGLISH: [AnswerType, RegExp][] = [
  // As 「多少天」 in Chinese: "how many days" asks a span of time.
  ['duration', /\bhow long\b|\bhow many (?:years|months|weeks|days|hours|minutes)\b/],
  ['year', /\b(?:what|which) year\b/],
  ['time', /\bwhen\b|\bwhat (?:date|day|month|time|century|decade|era|period)\b|\bwhich (?:date|day|month|century|decade)\b/],
  ['number', /\bhow (?:many|much|far|big|large|high|tall|old|deep|wide|heavy|often)\b|\bwhat (?:percentage|percent|number|amount|size|proportion|fraction|population)\b/],
  ['reason', /\bwhy\b|\bwhat (?:caused|causes|reason)\b|\bfor what reason\b/],
  ['person', /\bwho(?:m|se)?\b/],
  ['statement', /\bwhat did .{1,60}\b(?:say|tell|state|announce|claim|stress|add)\b|\bwhat (?:was|were) .{1,40}\b(?:said|told|stated)\b|\bhow did .{1,40}\b(?:respond|react|reply)\b/],
  ['place', /\bwhere\b|\bcapital (?:city )?of\b|\bwhat (?:country|city|place|region|state|province|location|continent|island)\b|\bwhich (?:country|city|place|region|state|province|location|continent|island)\b/],
  ['name', /\bwhat (?:is|was|are|were) (?:the )?names?\b|\bwhat (?:is|was) .{1,40} called\b|\bnamed?\b.*\?$/],
];

/** The answer type of a question (matching form for Chinese; any case for English). */
export function answerTypeOf(question: string, english: boolean): AnswerType {
  const text = english ? question.toLowerCase() : question;
  for (const [type, pattern] of english ? ENGLISH : CHINESE) if (pattern.test(text)) return type;
  return 'other';
}
