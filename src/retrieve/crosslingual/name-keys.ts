/**
 * Keys a dictionary entry adds beyond its gloss words: a name's initials (UK), the
 * country a nationality names (Swiss → 瑞士), and which name entries train the
 * transliterator. Pure functions over one entry (dictionary.ts indexes them).
 */
import { isAcronym } from './english.js';

/** Name entries usable for training: a single capitalised English word and its 2-6 character transliteration. */
export function isTrainingPair(english: string, zh: string, toneless: string): boolean {
  if (!/^[a-z]{3,}$/.test(english) || zh.length < 2 || zh.length > 6) return false;
  if (/[区县市省镇乡]$/u.test(zh)) return false; // Chinese places, spelled in pinyin
  if (english === toneless || toneless.startsWith(english) || english.startsWith(toneless.slice(0, 4))) return false;
  return english.length >= zh.length && english.length <= zh.length * 5;
}

/** "US" or "USA" of "United States", "UN" of "United Nations": the first two letters are the name's initials. */
export function isAcronymOf(acronym: string, name: string): boolean {
  const initials = name.split(/\s+/).filter((w) => /^[A-Z]/.test(w)).map((w) => w[0]).join('');
  return isAcronym(acronym) && initials.length >= 2 && acronym.startsWith(initials.slice(0, 2));
}

/** "Swiss (person)", "German person or people": the entry 瑞士人 says what "Swiss" means in 瑞士. */
const DEMONYM_SENSE = /^([A-Z][a-z]+) \(?(?:person|people)\b/;
export const NATIONALITY_WEIGHT = 0.8;

/** [adjective, place] of a nationality entry (瑞士人 "Swiss (person)" → Swiss, 瑞士), or undefined. */
export function demonymOf(simp: string, sense: string): [string, string] | undefined {
  const m = simp.length > 1 && simp.endsWith('人') ? DEMONYM_SENSE.exec(sense) : null;
  return m ? [m[1]!, simp.slice(0, -1)] : undefined;
}

/** How far a name's initials stand for it: an acronym has other expansions (UN, UK). */
export const INITIALS_WEIGHT = 0.7;

/**
 * The initials of a name of two to four capitalised words ("United Nations" → UN), or
 * undefined. Names with "of" are left out: "University of Nanking" is not the UN.
 */
export function initialsOf(piece: string): string | undefined {
  const words = piece.split(/\s+/);
  if (words.length < 2 || words.length > 4 || words.some((w) => !/^[A-Z][a-z]+$/.test(w))) return undefined;
  return words.map((w) => w[0]).join('');
}

export function toneless(pinyin: string): string {
  return pinyin.toLowerCase().replace(/u:/g, 'v').replace(/[1-5]/g, '');
}
