/**
 * English side of the cross-lingual lookup: tokenising, stopwords and a light
 * stemmer. The same key function is applied to dictionary glosses and to
 * questions, so an over-eager stem is harmless as long as both sides agree.
 */

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
 * Words that mostly frame a question ("what is the name of…", "how many…")
 * rather than name its topic. Dropped in questions only; dictionary glosses keep them.
 */
const QUESTION_FRAME = new Set(
  `name named called call term termed refer referred referring known know say said
  tell told describe described mean meant happen happened type kind sort way example
  number amount`.split(/\s+/),
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

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === undefined) return false;
  if ('aeiou'.includes(c)) return false;
  if (c === 'y') return i === 0 || !isConsonant(w, i - 1);
  return true;
}

/** Porter "measure": the number of vowel-consonant sequences. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  while (i < w.length && isConsonant(w, i)) i++;
  while (i < w.length) {
    while (i < w.length && !isConsonant(w, i)) i++;
    if (i >= w.length) break;
    while (i < w.length && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

const hasVowel = (w: string): boolean => [...w].some((_, i) => !isConsonant(w, i));
const endsCvc = (w: string): boolean => {
  const n = w.length;
  return (
    n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !'wxy'.includes(w[n - 1]!)
  );
};

/** Words whose final s is not a plural. */
const NO_STEM = new Set(['news', 'series', 'species', 'means', 'headquarters', 'politics', 'physics', 'economics']);

/** Porter steps 1a-1c only: plurals, -ed, -ing, final y. Enough to meet glosses' base forms. */
export function stem(word: string): string {
  let w = word;
  if (NO_STEM.has(w) || w.length <= 2) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) {
    /* keep: "class", "status", "analysis" */
  } else if (w.endsWith('s') && w.length > 3) w = w.slice(0, -1);

  let step1b = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    step1b = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3)) && w.length > 5) {
    w = w.slice(0, -3);
    step1b = true;
  }
  if (step1b) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
    else if (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1) && !'lsz'.includes(w[w.length - 1]!))
      w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  if (w.endsWith('y') && hasVowel(w.slice(0, -1)) && w.length > 2) w = w.slice(0, -1) + 'i';
  // Drop a final silent e so that "use"/"used" and "produce"/"produced" meet.
  if (w.endsWith('e') && w.length > 2 && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/** Words ending like "-man" that are not person compounds. */
const NOT_COMPOUND = new Set(['german', 'germans', 'roman', 'romans', 'human', 'humans', 'ottoman', 'norman', 'normans', 'shaman']);

/** Match keys of a lower-case word: its stem, plus the stem of its lemma when irregular. */
export function wordKeys(lower: string): string[] {
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

/** An upper-case Roman numeral of two or more letters ("XXXIII"), as a number; undefined otherwise. */
export function romanValue(word: string): number | undefined {
  if (!/^(?=[MDCLXVI]{2,})M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(word)) return undefined;
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
