/**
 * Names the dictionary lacks. Chinese personal names written in pinyin ("Qin
 * Gang") are composed from a surname and the characters read like each
 * given-name syllable; Western names are transliterated (translit.ts). Far too
 * many spellings exist to guess blind, so only those the corpus contains
 * (df > 0) survive.
 */
import type { EnDict } from './dictionary.js';
import { loadTranslit, transliterate } from './translit.js';
import { tuning, type Tuning } from './tuning.js';
import { lookupSpan, type Content, type Unit } from './units.js';

/** Same shape as the public TermGroup. */
interface Group {
  source: string;
  terms: { text: string; weight: number }[];
  confirmed: true;
}

type Df = (term: string) => number;

/**
 * Corpus-confirmed spellings per df function (one per index) and tuning: finding
 * them probes thousands of candidate prefixes, and the same names come back.
 */
const memo = new WeakMap<Df, { tuning: Readonly<Tuning>; byKey: Map<string, string[]> }>();
const MEMO_MAX = 20_000;

function memoized(df: Df, key: string, compute: () => string[]): string[] {
  let entry = memo.get(df);
  if (entry?.tuning !== tuning()) memo.set(df, (entry = { tuning: tuning(), byKey: new Map() }));
  let found = entry.byKey.get(key);
  if (found === undefined) {
    found = compute();
    if (entry.byKey.size >= MEMO_MAX) entry.byKey.clear();
    entry.byKey.set(key, found);
  }
  return found;
}

/** Split a romanised given name into pinyin syllables, every way the syllable inventory allows. */
export function splitSyllables(word: string, known: (s: string) => boolean, maxParts = 2): string[][] {
  const out: string[][] = [];
  const walk = (rest: string, parts: string[]): void => {
    if (rest === '') {
      out.push(parts);
      return;
    }
    if (parts.length >= maxParts) return;
    for (let n = Math.min(6, rest.length); n >= 1; n--) {
      const head = rest.slice(0, n);
      if (known(head)) walk(rest.slice(n), [...parts, head]);
    }
  };
  walk(word.toLowerCase().replace(/[-']/g, ''), []);
  return out;
}

/**
 * Chinese spellings of "<Surname> <Given>" found in the corpus, best first.
 * Extends the name one character at a time, pruning prefixes the corpus lacks.
 */
export function composeChineseName(
  surname: string,
  given: string,
  dict: EnDict,
  df: (term: string) => number,
  limit = 3,
): string[] {
  const family = dict.surnames.get(surname.toLowerCase());
  if (family === undefined) return [];
  const splits = splitSyllables(given, (s) => dict.syllableChars.has(s));
  const found = new Map<string, number>();
  let budget = 20_000; // df look-ups; a guard against pathological inputs
  for (const fam of family) {
    for (const syllables of splits) {
      let prefixes = [fam];
      for (const syl of syllables) {
        const next: string[] = [];
        for (const p of prefixes) {
          for (const ch of dict.syllableChars.get(syl) ?? []) {
            if (--budget < 0) break;
            if (df(p + ch) > 0) next.push(p + ch);
          }
        }
        prefixes = next;
        if (prefixes.length === 0) break;
      }
      for (const name of prefixes) found.set(name, df(name));
    }
  }
  // A real name recurs: more documents first, then the shorter spelling.
  return [...found.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name]) => name);
}

/**
 * Pinyin Chinese names among adjacent capitalised words that are not dictionary
 * phrases. Returns the groups and the tokens they cover (not to be translated
 * word by word).
 */
export function pinyinNameGroups(dict: EnDict, tokens: Content[], df: (t: string) => number): [Group[], Set<Content>] {
  const groups: Group[] = [];
  const covered = new Set<Content>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (!/^[A-Z][a-z]+$/.test(a.surface) || !/^[A-Z][a-z]+$/.test(b.surface) || !b.joined) continue;
    if (lookupSpan(dict, [a, b]) !== undefined) continue;
    const names = memoized(df, `name\t${a.surface}\t${b.surface}`, () => composeChineseName(a.surface, b.surface, dict, df, 2));
    if (names.length === 0) continue;
    const weight = tuning().nameWeight / names.length;
    groups.push({ source: `${a.surface} ${b.surface}`, terms: names.map((text) => ({ text, weight })), confirmed: true });
    covered.add(a).add(b);
    i++;
  }
  return [groups, covered];
}

/**
 * The corpus's transliteration of a capitalised word the dictionary does not
 * know as a name ("Manning" → 曼宁), or undefined. Two-character results are
 * common words by chance, so they need a more confident model score.
 */
export function transliterationGroup(unit: Unit, df: Df): Group | undefined {
  const { translitWeight } = tuning();
  const tok = unit.tokens[0];
  if (translitWeight <= 0 || unit.tokens.length !== 1 || tok === undefined) return undefined;
  if (!tok.capitalized || !/^[A-Z][a-z]{2,}$/.test(tok.surface)) return undefined;
  if (unit.postings.some((p) => p.proper && !p.loose && p.q >= 0.5)) return undefined;
  const best = memoized(df, `translit\t${tok.surface}`, () => corpusSpellings(tok.surface, df));
  if (best.length === 0) return undefined;
  const weight = translitWeight / best.length;
  return { source: tok.surface, terms: best.map((text) => ({ text, weight })), confirmed: true };
}

/** The corpus's best (at most two) transliterations of a capitalised word, best first. */
function corpusSpellings(surface: string, df: Df): string[] {
  const { translitMinScore, translitMinScoreShort } = tuning();
  const model = loadTranslit();
  const spellings = [surface, ...(/[^s]s$/.test(surface) ? [surface.slice(0, -1)] : [])];
  const found = new Map<string, number>();
  for (const spelling of spellings) {
    for (const t of transliterate(model, spelling, df)) {
      const min = t.text.length >= 3 ? translitMinScore : translitMinScoreShort;
      if (t.score >= min && t.score > (found.get(t.text) ?? -Infinity)) found.set(t.text, t.score);
    }
  }
  // A spelling inside a longer one found too ("苏纳" in "苏纳克") is the same name, cut short.
  const spellingsFound = [...found.keys()];
  return [...found.entries()]
    .filter(([text]) => !spellingsFound.some((other) => other !== text && other.includes(text)))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 2)
    .map(([text]) => text);
}
