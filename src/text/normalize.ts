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

/** Per BMP code unit: 1 = only Traditional (t2s changes it), 2 = only Simplified (s2t changes it). */
let scriptMarks: Uint8Array | undefined;

/**
 * Which Han characters each conversion changes, found once by converting every
 * CJK character on its own line (so phrase rules cannot join neighbours). Counting
 * marks is ~50× cheaper than converting each text both ways, which dominated parsing.
 */
function marks(): Uint8Array {
  if (scriptMarks) return scriptMarks;
  const table = new Uint8Array(0x10000);
  const ranges: [number, number][] = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]];
  const chars: string[] = [];
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
  const mark = (converted: string[], flag: number) =>
    converted.forEach((c, i) => {
      const code = chars[i]!.charCodeAt(0);
      if (c !== chars[i]) table[code] = table[code]! | flag;
    });
  mark(t2s(chars.join('\n')).split('\n'), 1);
  mark(s2t(chars.join('\n')).split('\n'), 2);
  return (scriptMarks = table);
}

/**
 * Hans or Hant: count the characters only one script uses. Text with neither
 * (script-neutral) counts as Simplified.
 */
export function detectScript(text: string): Script {
  const table = marks();
  const n = Math.min(text.length, 4000);
  let tradOnly = 0;
  let simpOnly = 0;
  for (let i = 0; i < n; i++) {
    const m = table[text.charCodeAt(i)]!;
    if (m === 1) tradOnly++;
    else if (m === 2) simpOnly++;
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
