/**
 * Lexical tokens for BM25. Chinese runs become their characters plus overlapping
 * character bigrams: bigrams carry most of the precision, unigrams rescue words
 * split differently or a single-character translation (measured in docs/EVAL.md;
 * jieba words did no better). Latin words are lower-cased and lightly stemmed;
 * numbers are kept whole. Input should already be normalizeForMatch()ed.
 */
import { createRequire } from 'node:module';

/** Bump when token output changes: cached indexes built with another version are stale. */
export const TOKENIZER_VERSION = 2;

const TOKEN_RUN = /(\p{Script=Han}+)|([a-z][a-z'’\-]*[a-z]|[a-z])|(\d+(?:[.,]\d+)*%?)/gu;

const EN_STOP = new Set(
  'a an the of to in on at by for from with and or but is are was were be been being do does did what which who whom whose when where why how that this these those it its as about into than then there their they them he she his her we you your i me my our not no yes can could would should will shall may might must has have had'.split(' '),
);

/** Very light English stemming so plurals and verb forms meet. */
export function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

export function isEnglishStopword(word: string): boolean {
  return EN_STOP.has(word);
}

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN_RUN)) {
    const [, han, latin, digits] = m;
    if (han) {
      const chars = [...han]; // code points: rare characters are surrogate pairs
      for (let i = 0; i < chars.length; i++) {
        out.push(chars[i]!);
        if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
      }
    } else if (latin) {
      const w = latin.replace(/[’']s$/, '').replace(/[’']/g, '');
      if (!EN_STOP.has(w)) out.push(stemEnglish(w));
    } else if (digits) {
      out.push(digits.replace(/,/g, ''));
    }
  }
  return out;
}

interface Segmenter {
  cut(text: string, hmm?: boolean): string[];
  tag(text: string, hmm?: boolean): { word: string; tag: string }[];
}

let segmenter: Segmenter | undefined;

function jieba(): Segmenter {
  if (!segmenter) {
    // jieba-rs compiled to WASM: one platform-independent package (no native binaries to lock).
    const require = createRequire(import.meta.url);
    segmenter = require('jieba-wasm') as Segmenter;
  }
  return segmenter;
}

/**
 * Dictionary words of Chinese text (jieba), for reading a question as words rather
 * than bigrams. Loaded on first use (~0.3 s, the dictionary is built in); never used
 * for indexing, so the index does not depend on it.
 */
export function chineseWords(text: string, hmm = true): string[] {
  return jieba().cut(text, hmm);
}

/**
 * Words with jieba's part-of-speech tags (nr person, ns place, nt organisation, nz other
 * proper noun, x a word its dictionary lacks — mostly names, m numeral...). Noisy, so
 * used only as evidence of what kind of thing a sentence mentions, never for indexing.
 */
export function taggedWords(text: string): { word: string; tag: string }[] {
  return jieba().tag(text, true);
}

/** Load the segmenter now (its dictionary is built on the first cut), e.g. while an index is being read. */
export function warmSegmenter(): void {
  chineseWords('中文分词');
}
