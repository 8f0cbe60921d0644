/**
 * English stemming for dictionary matching: Porter steps 1a-1c (plurals, -ed,
 * -ing, final y) after folding British spellings, plus derivational bases for
 * words the dictionary lacks. Applied to glosses and questions alike, so an
 * odd stem is harmless as long as both sides agree.
 */

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

/** British spellings → American, as CC-CEDICT mostly writes (applied to glosses too, so only consistency matters). */
function americanize(w: string): string {
  return w
    .replace(/^(\w{3,})our(s|ed|ing|ite|ites)?$/, '$1or$2')
    .replace(/^(\w{2,}[bt])re(s|d)?$/, '$1er$2')
    .replace(/^(\w{3,})(i|y)s(e|ed|es|ing|ation|ations|er|ers)$/, '$1$2z$3')
    .replace(/^(\w{2,})([cf])ence(s)?$/, '$1$2ense$3')
    .replace(/^(\w{3,})ogue(s)?$/, '$1og$2')
    .replace(/^programme(s)?$/, 'program$1');
}

/** Words whose final s is not a plural. */
const NO_STEM = new Set(['news', 'series', 'species', 'means', 'headquarters', 'politics', 'physics', 'economics']);

/**
 * Porter steps 1a-1c only: plurals, -ed, -ing, final y. Enough to meet glosses'
 * base forms. A name (capitalised word) keeps -ed/-ing and a final e, so that
 * "Manning" does not become "man".
 */
export function stem(word: string, name = false): string {
  let w = americanize(word);
  if (NO_STEM.has(w) || w.length <= 2) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) {
    /* keep: "class", "status", "analysis" */
  } else if (w.endsWith('s') && w.length > 3) w = w.slice(0, -1);

  if (name) return w.endsWith('y') && w.length > 2 && hasVowel(w.slice(0, -1)) ? w.slice(0, -1) + 'i' : w;
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

/** Suffix → replacement endings, tried in order to find a base word the dictionary knows. */
const DERIVATIONS: [RegExp, string[]][] = [
  [/ically$/, ['ic', 'ical', 'y']],
  [/istic$/, ['ism', 'ist']],
  [/ical$/, ['ic', 'y']],
  [/ably$/, ['able']],
  [/ibly$/, ['ible']],
  [/ily$/, ['y']],
  [/ly$/, ['', 'e']],
  [/iest$/, ['y']],
  [/est$/, ['', 'e']],
  [/ier$/, ['y']],
  [/ary$/, ['', 'e', 'ion']],
  [/ness$/, ['']],
  [/ship$/, ['']],
  [/ment$/, ['', 'e']],
  [/ity$/, ['', 'e']],
  [/ive$/, ['ion', 'e', '']],
  [/ist$/, ['ism', 'y', '']],
  [/ism$/, ['ist', '']],
  [/ian$/, ['ia', '', 'y', 'e']],
  [/ine$/, ['ium', 'e', '']],
  [/ese$/, ['a', '', 'al']],
  [/ish$/, ['', 'ain', 'and', 'en', 'land']],
  [/an$/, ['', 'a', 'o', 'any']],
  [/i$/, ['']],
  [/al$/, ['', 'e']],
  [/ic$/, ['y', '', 'e']],
  [/er$/, ['', 'e']],
  [/n$/, ['']],
];
const PREFIXES = /^(?:un|non|in|im|dis|re|pre|mis|over|under|counter|anti|co)(?=\w{4,})/;

/**
 * Base words a derived word may come from ("deterministic" → "determinism",
 * "Babylonian" → "Babylon", "undeveloped" → "developed"), for words the
 * dictionary lacks. Plural s is dropped first.
 */
export function derivationalBases(lower: string): string[] {
  const out: string[] = [];
  const push = (w: string): void => {
    if (w.length >= 3 && w !== lower && !out.includes(w)) out.push(w);
  };
  const singular = lower.length > 4 && /[^s]s$/.test(lower) ? lower.slice(0, -1) : lower;
  push(singular);
  for (const word of [singular, singular.replace(PREFIXES, '')]) {
    push(word);
    for (const [re, endings] of DERIVATIONS) {
      if (!re.test(word)) continue;
      const root = word.replace(re, '');
      if (root.length < 3) continue;
      for (const e of endings) push(root + e);
    }
  }
  return out;
}
