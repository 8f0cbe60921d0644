/**
 * Does a passage sentence hold a thing of the kind the question asks for (a
 * number, a time, a person's name...) beyond what the question itself says? Pure
 * and deliberately permissive: it only has to tell "says which" from "does not
 * say", so any plausible candidate counts. Input is the matching form (Simplified,
 * lower-case, NFKC).
 */
import { taggedWords } from '../text/tokenize.js';
import type { AnswerType } from './question-type.js';

const CN_DIGIT = '零〇一二两三四五六七八九十百千万亿';
const COUNTED = '个名位人次年岁项条部届艘架辆份倍家所座支枚颗只件种批场轮天周月小时分秒米公里吨元美元卢布%％万亿千百';
/** A number: digits, or Chinese numerals that count something (「一些」「统一」 do not). */
const NUMBER = new RegExp(`\\d+(?:[.,]\\d+)*|[${CN_DIGIT}]+(?=[多余几]?[${COUNTED}])|[数几]+[${COUNTED.slice(0, 30)}]|半数|大多数|多数|少数|一半|全部|所有`, 'gu');
/** A time: years, months, days, seasons, eras, dated words. */
const TIME = new RegExp(
  `(?:\\d{1,4}|[${CN_DIGIT}]{1,4})\\s*(?:年|月|日|号|世纪|年代)|公元|世纪|年代|朝|(?:[夏商周秦汉魏晋隋唐宋辽金元明清]|[东西]汉|[东西]晋|[南北]宋|三国|五代|南北朝)代|时期|初期|末期|春|夏|秋|冬|上午|下午|中午|晚上|夜间|夜晚|夜里|白天|白昼|黄昏|傍晚|早晨|凌晨|清晨|午夜|今年|去年|明年|前年|昨天|今天|明天|当天|当日|日前|近日|周[一二三四五六日]|星期|上周|本周|下周|上月|本月|月底|月初|年底|年初|当时|之后|之前|以后|以前|期间`,
  'gu',
);
/** A year: digits or Chinese numerals before 年 (not 年代), a bare four-digit year, or a year named relative to another. */
const YEAR = new RegExp(`(?:\\d{2,4}|[${CN_DIGIT}]{2,4})\\s*年(?!代)|元年|(?<!\\d)(?:1[0-9]|20)\\d\\d(?!\\d)|今年|去年|明年|前年|同年|当年|次年|翌年|隔年|该年|那年`, 'gu');
const DURATION = new RegExp(`(?:\\d+(?:\\.\\d+)?|[${CN_DIGIT}]+|[数几半])\\s*(?:多|余)?(?:个)?(?:年|月|周|星期|天|日|小时|分钟|秒|世纪)|多年|长达|至今|始终|一直|期间`, 'gu');
/** Shapes of names in running text: quoted or titled names, ship/hull names, transliterations. */
const NAME_SHAPE = /《[^》]+》|“[^”]{1,20}”|「[^」]{1,20}」|"[^"]{1,20}"|[\p{Script=Han}\w]{1,8}号|\p{Script=Han}+·\p{Script=Han}+|[a-z][a-z-]{2,}/u;
const PLACE_SUFFIX = /\p{Script=Han}{1,6}(?:市|省|州|县|区|国|岛|山|河|湖|海|港|湾|城|村|镇|街|路|馆|宫|寺|庙|院|中心|大学|学院|广场|机场|车站|站|基地|地区|半岛|海峡|群岛|公园|大厦|酒店|边境|首都|首府|附近|境内|郊区|东部|西部|南部|北部|沿海)/u;

const PERSON_TAGS = new Set(['nr', 'nrt', 'nrfg']);
/** Verbs of saying, not negated (「并未说明」 says nothing). Quotation marks are no evidence: news uses them for terms too. */
const SPEECH = /(?<![未没不无])(?:说|讲话|表示|指出|强调|称(?![为作之号])|认为|回应|提到|透露|宣布|告诉|介绍|呼吁|警告|承诺|重申|提出|坦言|直言|保证|声明|解释|回答|答复|建议|要求|主张|写道|批评|否认|证实|补充|问道)/u;
const PLACE_TAGS = new Set(['ns', 'nsf']);
const PROPER_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nsf', 'nt', 'nz', 'j', 'eng']);

/**
 * Matches of a pattern that the question does not already contain. A one-character
 * match is judged with the character before it: 「明朝」 answers 「什么朝代」 though 朝 is in both.
 */
function newMatches(pattern: RegExp, text: string, question: string): boolean {
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) {
    const found = m[0].trim();
    const seen = found.length === 1 ? question.includes(text.slice(Math.max(0, m.index - 1), m.index + 1)) : question.includes(found);
    if (!seen) return true;
  }
  return false;
}

/** Proper nouns (by tag) of the text that the question does not name. */
function newTagged(text: string, question: string, tags: Set<string>, unknownCounts: boolean): boolean {
  for (const { word, tag } of taggedWords(text)) {
    if (question.includes(word) || [...word].length < 2) continue;
    if (tags.has(tag)) return true;
    // Words jieba's dictionary lacks are mostly names (of people, places, things).
    if (unknownCounts && tag === 'x' && /\p{Script=Han}/u.test(word)) return true;
  }
  return false;
}

/** Places the text puts something at (「在北京会见」: 在 then a place by jieba's tag), in matching form. */
export function placesAt(text: string): string[] {
  const tagged = taggedWords(assertedPart(text));
  const out: string[] = [];
  for (let i = 0; i + 1 < tagged.length; i++) if (tagged[i]!.word === '在' && PLACE_TAGS.has(tagged[i + 1]!.tag)) out.push(tagged[i + 1]!.word);
  return out;
}

/**
 * A clause that asks rather than says (「并未说明他是否会见普京」, 「不清楚能否…」): what
 * it names is not asserted, so it is no answer. Runs to the end of the clause.
 */
const OPEN_QUESTION = /(?:是否|能否|可否|会否|是不是|有没有|会不会|能不能)[^，,。；;？?！!\n]*/gu;

/** The text without its open-question clauses (answer-candidates only look at what is asserted). */
export function assertedPart(text: string): string {
  return text.replace(OPEN_QUESTION, '，');
}

/** Whether offset `at` of the text lies in an open-question clause. */
export function inOpenQuestion(text: string, at: number): boolean {
  for (const m of text.matchAll(OPEN_QUESTION)) if (at >= m.index && at < m.index + m[0].length) return true;
  return false;
}

/** Does the text hold a candidate answer of this type that the question itself does not contain? */
export function holdsAnswerOfType(type: AnswerType, sentence: string, question: string): boolean {
  const text = assertedPart(sentence);
  switch (type) {
    case 'number':
      return newMatches(NUMBER, text, question);
    case 'year':
      return newMatches(YEAR, text, question);
    case 'time':
      return newMatches(TIME, text, question);
    case 'duration':
      return newMatches(DURATION, text, question);
    case 'reason':
      // A reason is often given without a connective ("…，导致" or none at all): not checked by shape.
      return true;
    case 'statement':
      // Reported speech: a verb of saying.
      return SPEECH.test(text);
    case 'person':
      return newTagged(text, question, PERSON_TAGS, true) || newMatches(new RegExp(NAME_SHAPE, 'gu'), text, question);
    case 'place':
      return newTagged(text, question, PLACE_TAGS, true) || newMatches(new RegExp(PLACE_SUFFIX, 'gu'), text, question);
    case 'name':
      return newTagged(text, question, PROPER_TAGS, true) || newMatches(new RegExp(NAME_SHAPE, 'gu'), text, question);
    default:
      return true;
  }
}
