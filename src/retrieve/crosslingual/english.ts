/**
 * English side of the cross-lingual lookup: tokenising, stopwords, question
 * framing, and the match keys of a word (its stem, irregular lemmas, variants).
 */
import { stem } from './stem.js';

/** Function words and question words: they never carry the topic of a question. */
const STOPWORDS = new Set(
  `a an the and or nor but if then else than so as of at by for from in into onto on off out over under up down
  to with without within about above below between among through during before after since until till against
  upon via per across along around behind beyond near toward towards throughout
  i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs
  this that these those there here such same other another each every either neither both all any some
  no not only own very too also just even still yet ever again once more most less least much many few
  be am is are was were been being have has had having do does did done doing
  will would shall should can could may might must ought
  what which who whom whose when where why how whether whatever whoever
  s t d ll ve re m etc eg ie one ones thing things something anything someone anyone
  sb sth oneself`.split(/\s+/),
);

/**
 * Words that mostly frame a question ("what is the name of…", "how many…", "what
 * year…") or are light verbs ("made the interception", "use a gauge") rather than
 * name its topic. Dropped in questions only; dictionary glosses keep them.
 */
const QUESTION_FRAME = new Set(
  `name named called call term termed refer referred referring known know say said
  tell told describe described mean meant happen happened type kind sort way example
  number amount year years date time month century decade
  make makes made use uses used take takes took taken get gets got give gives gave put`.split(/\s+/),
);

/** Irregular forms → lemma. Ambiguous forms (left, saw, found) keep both readings. */
const IRREGULAR: Record<string, string> = Object.fromEntries(
  (
    'men:man women:woman children:child people:person feet:foot teeth:tooth mice:mouse geese:goose ' +
    'went:go gone:go won:win lost:lose fought:fight built:build began:begin begun:begin came:come ' +
    'took:take taken:take gave:give given:give made:make found:find held:hold led:lead left:leave ' +
    'met:meet paid:pay sold:sell sent:send spent:spend stood:stand thought:think wrote:write ' +
    'written:write brought:bring bought:buy caught:catch chose:choose chosen:choose drew:draw ' +
    'drawn:draw drove:drive driven:drive fell:fall fallen:fall felt:feel flew:fly flown:fly ' +
    'grew:grow grown:grow knew:know known:know laid:lay meant:mean ran:run rose:rise risen:rise ' +
    'saw:see seen:see shot:shoot sang:sing sung:sing sank:sink spoke:speak spoken:speak struck:strike ' +
    'threw:throw thrown:throw wore:wear worn:wear broke:break broken:break ate:eat eaten:eat ' +
    'froze:freeze frozen:freeze kept:keep slept:sleep sought:seek taught:teach fled:flee fed:feed ' +
    'hung:hang lent:lend shook:shake stole:steal stolen:steal swept:sweep torn:tear woke:wake ' +
    'born:bear borne:bear bore:bear dealt:deal lay:lie hid:hide hidden:hide rode:ride ridden:ride ' +
    'arose:arise arisen:arise became:become forbade:forbid forgot:forget forgotten:forget ' +
    'forgave:forgive overcame:overcome understood:understand withdrew:withdraw withdrawn:withdraw ' +
    'undertook:undertake sprang:spring sprung:spring swam:swim swore:swear sworn:swear ' +
    'better:good best:good worse:bad worst:bad lives:life wives:wife knives:knife leaves:leaf ' +
    'halves:half wolves:wolf thieves:thief criteria:criterion phenomena:phenomenon data:datum ' +
    'analyses:analysis crises:crisis theses:thesis bases:basis media:medium'
  )
    .split(' ')
    .map((p) => p.split(':') as [string, string]),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

export function isQuestionFrame(word: string): boolean {
  return QUESTION_FRAME.has(word);
}

/** All capitals, two to six characters ("US", "EU", "NATO", "G20"). */
export function isAcronym(word: string): boolean {
  return /^[A-Z][A-Z0-9]{1,5}$/.test(word);
}

/** The match key of an acronym, apart from any stem of an ordinary word. */
export function acronymKey(word: string): string {
  return `${word.toLowerCase()}!`;
}

/** Words ending like "-man" that are not person compounds. */
const NOT_COMPOUND = new Set(['german', 'germans', 'roman', 'romans', 'human', 'humans', 'ottoman', 'norman', 'normans', 'shaman']);

/**
 * How far an "-ing" form matches its verb's entries, and the verb an "-ing" gloss's
 * entry: "meeting" (会议) is not what "meet" (会见) asks, nor "train" (火车) what
 * "training" (培训) does. Each is a reading, just a weaker one.
 */
export const GERUND_AS_VERB = 0.75;

/** The "-ing" form a word is keyed by as itself ("meetings" → "meeting"), or undefined when it is none. */
export function gerundKey(lower: string): string | undefined {
  const form = lower.endsWith('ings') ? lower.slice(0, -1) : lower;
  return form.length > 5 && form.endsWith('ing') && stem(form) !== form ? `${form}~` : undefined;
}

/**
 * Match keys of a word, best first. Strict keys: a capitalised word's name stem,
 * else the stem plus irregular lemmas and -man/-person variants. Loose keys add
 * the other reading (a capitalised word may be an ordinary word after all).
 */
export function wordKeys(tok: { lower: string; capitalized: boolean; surface?: string }, strict = true): string[] {
  const { lower, capitalized } = tok;
  // An acronym matches acronyms only: "US" is not "use", "IT" is not "it".
  if (tok.surface !== undefined && isAcronym(tok.surface)) {
    const key = acronymKey(tok.surface);
    return strict ? [key] : [key, stem(lower, true), ...commonKeys(lower).filter((k) => k !== stem(lower, true))];
  }
  if (capitalized) {
    const name = stem(lower, true);
    return strict ? [name] : [name, ...commonKeys(lower).filter((k) => k !== name)];
  }
  const keys = commonKeys(lower);
  if (!strict && !keys.includes(stem(lower, true))) keys.push(stem(lower, true));
  return keys;
}

function commonKeys(lower: string): string[] {
  const keys = [stem(lower)];
  const alts: string[] = [];
  const lemma = IRREGULAR[lower];
  if (lemma !== undefined) alts.push(lemma);
  // Glosses mix "spokesman"/"spokesperson", "chairman"/"chairwoman": try the other forms.
  const m = /^(\w{3,})(man|men|woman|women|person|persons|people)$/.exec(lower);
  if (m !== null && !NOT_COMPOUND.has(lower)) for (const tail of ['man', 'person']) alts.push(m[1] + tail);
  for (const a of alts) {
    const k = stem(a);
    if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

export interface EnglishToken {
  /** As written (apostrophe-s removed). */
  surface: string;
  lower: string;
  /** Starts with a capital letter and is not the first word of the question. */
  capitalized: boolean;
  /** Digits, or a short all-caps acronym: kept verbatim since Chinese text quotes them. */
  literal: boolean;
  /** Punctuation (not just a space) separates it from the previous token. */
  afterBreak: boolean;
}

const WORD_RE = /[A-Za-z][A-Za-z.'’]*[A-Za-z]|[A-Za-z]|\d+(?:[.,:]\d+)*%?/g;

/** Latin words and numbers of a text; hyphenated words are split into their parts. */
export function tokenizeEnglish(text: string): EnglishToken[] {
  const out: EnglishToken[] = [];
  let last = 0;
  const spaced = text.replace(/[-‐‑–—/]/g, ' ');
  for (const m of spaced.matchAll(WORD_RE)) {
    const afterBreak = /[^\s]/.test(spaced.slice(last, m.index));
    last = m.index + m[0].length;
    let surface = m[0].replace(/['’]s$/i, '').replace(/['’]$/, '');
    if (/^[A-Za-z]+(\.[A-Za-z])+\.?$/.test(surface)) surface = surface.replace(/\./g, ''); // U.S. → US
    surface = surface.replace(/\.$/, '');
    if (surface === '') continue;
    const lower = surface.toLowerCase().replace(/’/g, "'");
    const digit = /^\d/.test(surface);
    const acronym = /^[A-Z][A-Z0-9]{1,5}$/.test(surface) && surface !== 'I';
    const capitalized = /^[A-Z]/.test(surface) && out.length > 0;
    out.push({ surface, lower, capitalized, literal: digit || acronym || isRoman(surface), afterBreak });
  }
  return out;
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
const ROMAN_RE = /^(?=[MDCLXVI]{2,})M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

/** An upper-case Roman numeral of two or more letters ("XXXIII"), as a number; undefined otherwise. */
export function romanValue(word: string): number | undefined {
  // Needs an I, V or X: "DC", "MD" and "CD" are acronyms far more often than numbers.
  if (!/[IVX]/.test(word) || !ROMAN_RE.test(word)) return undefined;
  let v = 0;
  for (let i = 0; i < word.length; i++) {
    const cur = ROMAN[word[i]!]!;
    const next = ROMAN[word[i + 1] ?? ''] ?? 0;
    v += cur < next ? -cur : cur;
  }
  return v;
}

function isRoman(word: string): boolean {
  return romanValue(word) !== undefined;
}
