/**
 * Chinese personal names written in pinyin ("Qin Gang", "Xi Jinping"): most are
 * not dictionary entries, so they are composed from a surname and the characters
 * read like each given-name syllable. Far too many spellings exist to guess
 * blind, so only spellings the corpus actually contains (df > 0) survive.
 */
import type { EnDict } from './dictionary.js';

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
