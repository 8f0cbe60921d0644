/**
 * Text normalisation for matching. Display text is never replaced by these forms:
 * NFKC folds full-width letters/digits/punctuation; Traditional is folded to
 * Simplified so that both scripts match each other.
 */
import * as OpenCC from 'opencc-js';
import type { Lang, Script } from '../types.js';

const t2s = OpenCC.Converter({ from: 'tw', to: 'cn' });
const s2t = OpenCC.Converter({ from: 'cn', to: 'tw' });

const HAN = /\p{Script=Han}/u;
const HAN_G = /\p{Script=Han}/gu;
const LATIN_G = /[A-Za-z]/g;

/** NFKC, unify whitespace, strip zero-width characters. */
export function nfkc(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u3000\s]+/g, (m) => (m.includes('\n') ? '\n' : ' '));
}

export function toSimplified(text: string): string {
  return t2s(text);
}

export function toTraditional(text: string): string {
  return s2t(text);
}

/** The matching form: NFKC, Simplified, lower-case. Same length is not guaranteed. */
export function normalizeForMatch(text: string): string {
  return toSimplified(nfkc(text)).toLowerCase();
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * Hans or Hant: count the Han characters that each conversion would change.
 * Text that is unchanged both ways (script-neutral) counts as Simplified.
 */
export function detectScript(text: string): Script {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  const simp = t2s(sample);
  const trad = s2t(sample);
  let tradOnly = 0;
  let simpOnly = 0;
  const n = Math.min(sample.length, simp.length, trad.length);
  for (let i = 0; i < n; i++) {
    if (simp[i] !== sample[i]) tradOnly++;
    if (trad[i] !== sample[i]) simpOnly++;
  }
  return tradOnly > simpOnly ? 'Hant' : 'Hans';
}

/** Language of a question: Chinese (by script) when Han characters dominate, else English. */
export function detectLanguage(text: string): Lang {
  const han = text.match(HAN_G)?.length ?? 0;
  const latin = text.match(LATIN_G)?.length ?? 0;
  // A Han character carries roughly as much as a 3-4 letter word: weigh accordingly.
  if (han > 0 && han * 3 >= latin * 0.5) return detectScript(text) === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  return 'en';
}

/** Convert Chinese display text to the asker's script (no-op for English). */
export function toScriptOf(lang: Lang, text: string): string {
  if (lang === 'zh-Hant') return toTraditional(text);
  if (lang === 'zh-Hans') return toSimplified(text);
  return text;
}
