/**
 * English glosses for the names, dates and numbers of a Chinese sentence, from what
 * the project already knows and nothing else: the article's own spelling
 * (「绍伊古（Sergey Shoigu）」), CC-CEDICT's proper names (普京 → Vladimir Putin),
 * the pinyin of a Chinese person's name when CC-CEDICT gives its surname and one
 * reading for each character (李尚福 → Li Shangfu), and the shape of dates and
 * numbers (8月14日 → 14 August, 3万 → 30,000). A word none of them knows is left
 * unglossed: a gloss is never guessed.
 */
import { taggedWords } from '../../text/tokenize.js';
import { loadEnDict, type EnDict } from './dictionary.js';

export type GlossKind = 'person' | 'place' | 'organisation' | 'name' | 'time' | 'number';

export interface Gloss {
  /** The Chinese as it stands in the sentence. */
  zh: string;
  en: string;
  kind: GlossKind;
  /** Where it stands in the sentence (UTF-16 offset). */
  at: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS: Record<string, string> = { 一: 'Monday', 二: 'Tuesday', 三: 'Wednesday', 四: 'Thursday', 五: 'Friday', 六: 'Saturday', 日: 'Sunday', 天: 'Sunday' };
const ZH_MONTH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
const DATE = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:至(\d{1,2})日)?|(\d{4})年(\d{1,2})月|(十[一二]?|[一二三四五六七八九])月(?!份?[\d一二三四五六七八九十]*日)|(?:周|星期)([一二三四五六日天])|(\d+(?:\.\d+)?)\s*(万|亿)/gu;
/** Characters that spell foreign names (绍伊古, 叶夫梅诺夫): a name of them is not read as Chinese pinyin. */
const TRANSLITERATION_CHARS = /[伊古夫斯尔克娃诺维奇特拉亚丽娜科罗基勒德普尼姆贝巴索洛西蒂莉妮塔塞瑟泽兹茨芙蕾黛琳莎列宁赫耶霍舍希弗米戈沃乌阿埃奥麦杰琼哈卡萨利里迪托恩因默纳博肯]/u;
/** The article's own spelling of a name: 「绍伊古（Sergey Shoigu）」. */
const SPELLED = /([\p{Script=Han}·∙]{2,12})\s*[（(]\s*([A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,3})[）)]/gu;
const KINDS: Record<string, GlossKind> = { nr: 'person', nrfg: 'person', nrt: 'person', ns: 'place', nt: 'organisation', nz: 'name' };

let readings: Map<string, string> | undefined;

/** Character → its one toneless reading (characters with several readings are left out). */
function charReadings(dict: EnDict): Map<string, string> {
  if (readings) return readings;
  const all = new Map<string, Set<string>>();
  for (const [syllable, chars] of dict.syllableChars) for (const c of chars) all.set(c, (all.get(c) ?? new Set()).add(syllable));
  readings = new Map([...all].filter(([, s]) => s.size === 1).map(([c, s]) => [c, [...s][0]!]));
  return readings;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** 李尚福 → "Li Shangfu", when the surname and every given-name character have one known reading; else undefined. */
export function pinyinName(name: string, dict: EnDict = loadEnDict()): string | undefined {
  const chars = [...name];
  if (chars.length < 2 || chars.length > 3 || TRANSLITERATION_CHARS.test(chars.slice(1).join(''))) return undefined;
  const surname = [...dict.surnames].filter(([, list]) => list.includes(chars[0]!)).map(([syllable]) => syllable);
  if (surname.length !== 1) return undefined;
  const given = chars.slice(1).map((c) => charReadings(dict).get(c));
  if (given.some((g) => g === undefined)) return undefined;
  return `${capital(surname[0]!.replace('v', 'ü'))} ${capital(given.join('').replace(/v/g, 'ü'))}`;
}

/** Dates, weekdays and 万/亿 amounts in English. */
function dateGlosses(sentence: string): Gloss[] {
  const out: Gloss[] = [];
  for (const m of sentence.matchAll(DATE)) {
    const [zh] = m;
    const at = m.index;
    if (m[2]) {
      const days = m[4] ? `${m[3]}–${m[4]}` : m[3];
      out.push({ zh, en: `${days} ${MONTHS[Number(m[2]) - 1] ?? ''}${m[1] ? ` ${m[1]}` : ''}`, kind: 'time', at });
    } else if (m[6]) out.push({ zh, en: `${MONTHS[Number(m[6]) - 1] ?? ''} ${m[5]}`, kind: 'time', at });
    else if (m[7]) out.push({ zh, en: MONTHS[ZH_MONTH[m[7]]! - 1]!, kind: 'time', at });
    else if (m[8]) out.push({ zh, en: WEEKDAYS[m[8]]!, kind: 'time', at });
    else if (m[9]) out.push({ zh, en: amount(Number(m[9]), m[10]!), kind: 'number', at });
  }
  return out.filter((g) => !/undefined|^\s|\s$/.test(g.en) && !/^\d+–?\d* $/.test(g.en));
}

function amount(n: number, unit: string): string {
  const value = n * (unit === '万' ? 1e4 : 1e8);
  return value >= 1e9 ? `${+(value / 1e9).toFixed(2)} billion` : value >= 1e6 ? `${+(value / 1e6).toFixed(2)} million` : value.toLocaleString('en-US');
}

/** Tags of words jieba does not know (x) or takes for a person (nr): a name may run over several of them. */
const NAMEISH = new Set(['x', 'nr', 'nrfg', 'nrt']);
/** A character jieba glued to the end of a name (「李尚福于」): the name is the rest. */
const TRAILING = /[于在说对与和将也等的是曾向就]$/u;
/** What may follow a person's name: a verb or particle that starts the next word, punctuation, a number. */
const AFTER_NAME = /^(?:$|[\s\d\p{P}]|[于在说对与和将也等的是曾向就表称会见强指认还则已并又都提出访到今周昨明上下一二三四五六七八九十])/u;
let headwords: Set<string> | undefined;

interface Span {
  text: string;
  tag: string;
  at: number;
  /** Several unknown pieces: known only as a whole, never piece by piece (赫|列宁 is not Lenin). */
  run: boolean;
}

/** The sentence's words, unknown and name pieces joined into runs. */
function spans(sentence: string): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const { word, tag } of taggedWords(sentence)) {
    const start = sentence.indexOf(word, at);
    if (start < 0) continue;
    at = start + word.length;
    const last = out.at(-1);
    const han = /^\p{Script=Han}+$/u.test(word);
    if (han && NAMEISH.has(tag) && last && NAMEISH.has(last.tag) && last.at + last.text.length === start) {
      last.text += word;
      last.run = true;
    } else out.push({ text: word, tag: han ? tag : 'other', at: start, run: false });
  }
  return out;
}

/** What the dictionary or the article says a span is, if anything. */
function glossSpan(sentence: string, span: Span, spelled: Map<string, string>, dict: EnDict): Omit<Gloss, 'at'> | undefined {
  const forms = TRAILING.test(span.text) && [...span.text].length >= 3 ? [span.text, span.text.slice(0, -1)] : [span.text];
  for (const zh of forms) {
    if ([...zh].length < 2) continue;
    const known = spelled.get(zh) ?? dict.names.get(zh);
    headwords ??= new Set(dict.heads);
    // A pinyin reading only for what can only be a name: no dictionary word, and a whole word (not 「李尚」 of 「李尚福将」).
    const whole = AFTER_NAME.test(sentence.slice(span.at + zh.length));
    const pinyin = known === undefined && NAMEISH.has(span.tag) && whole && !headwords.has(zh) ? pinyinName(zh, dict) : undefined;
    const en = known ?? pinyin;
    if (!en) continue;
    const kind = dict.nameKinds.get(zh) ?? (pinyin || (spelled.has(zh) && NAMEISH.has(span.tag)) ? 'person' : (KINDS[span.tag] === 'person' ? 'name' : (KINDS[span.tag] ?? 'name')));
    return { zh, en, kind };
  }
  return undefined;
}

/**
 * The glosses of a sentence, in order of appearance, each Chinese form once. `context`
 * (the passage or article text) lends the article's own spellings of names.
 */
export function glossSentence(sentence: string, context = sentence): Gloss[] {
  const dict = loadEnDict();
  const spelled = new Map<string, string>();
  for (const m of `${context}\n${sentence}`.matchAll(SPELLED)) {
    // The name is some tail of the Han run before the parenthesis (「德国外长贝尔博克（Baerbock）」): keep each tail.
    const han = [...m[1]!.split(/[·∙]/).at(-1)!];
    for (let i = Math.max(0, han.length - 6); i <= han.length - 2; i++) {
      const tail = han.slice(i).join('');
      if (!spelled.has(tail)) spelled.set(tail, m[2]!);
    }
  }
  const found: Gloss[] = [];
  const seen = new Set<string>();
  // Dates first: 「周一」 and 「四月」 are dictionary names too, but a date is what they are here.
  found.push(...dateGlosses(sentence));
  for (const span of spans(sentence)) {
    if (span.tag === 'other' || (!span.run && !KINDS[span.tag] && span.tag !== 'x' && !dict.names.has(span.text))) continue;
    const g = glossSpan(sentence, span, spelled, dict);
    // Spelled out right after it already (「绍伊古（Sergey Shoigu）」): nothing to add.
    if (!g || seen.has(g.zh) || new RegExp(`^\\s*[（(]\\s*${g.en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(sentence.slice(span.at + g.zh.length))) continue;
    if (found.some((f) => span.at < f.at + f.zh.length && f.at < span.at + g.zh.length)) continue;
    seen.add(g.zh);
    found.push({ ...g, at: span.at });
  }
  return found.sort((a, b) => a.at - b.at);
}

/**
 * The sentence with each glossed form followed by its English in brackets: 「普京 [Vladimir Putin]」.
 * `sentence` may be the original of the (Simplified) text the glosses were found in: same offsets.
 */
export function withGlosses(sentence: string, glosses: Gloss[]): string {
  let out = sentence;
  for (const g of [...glosses].sort((a, b) => b.at - a.at)) {
    const end = g.at + g.zh.length;
    // Never `](`: a gloss before a parenthesis must not read as a markdown link.
    out = `${out.slice(0, end)} [${g.en}]${out[end] === '(' ? ' ' : ''}${out.slice(end)}`;
  }
  return out;
}
