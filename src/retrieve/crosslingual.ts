/**
 * Cross-lingual query expansion: an English (or mixed) question → weighted
 * Simplified Chinese terms for the lexical retriever, via CC-CEDICT inverted.
 *
 * Each English unit (a dictionary phrase found by greedy longest match, else a
 * word) gets one unit of weight, shared among its translations, so a word with
 * twenty translations does not drown a word with one. With a document-frequency
 * lookup from the index, translations absent from the corpus are dropped (they
 * cannot match anyway) and the rest are weighted towards rare, specific terms.
 */
import { hasHan, normalizeForMatch } from '../text/normalize.js';
import { loadEnDict, type EnDict, type Posting } from './crosslingual/dictionary.js';
import { isQuestionFrame, isStopword, romanValue, tokenizeEnglish, wordKeys, type EnglishToken } from './crosslingual/english.js';
import { composeChineseName } from './crosslingual/names.js';

export interface WeightedTerm {
  /** Simplified Chinese (lower-cased Latin for kept literals like "nato", "2001"). */
  text: string;
  weight: number;
}

export interface Expansion {
  terms: WeightedTerm[];
}

export interface ExpandOptions {
  /** Documents in the index containing a term (approximations such as the min over bigrams are fine). */
  df?: (term: string) => number;
  /** Number of documents in the index; needed with df. */
  docCount?: number;
  /** Cap on returned terms (default 60). */
  maxTerms?: number;
  /** Translations kept per English unit, best first (default: the tuning's, 8). */
  perUnit?: number;
}

/** An English span and its translation candidates. */
interface Unit {
  tokens: EnglishToken[];
  postings: Posting[];
  /** Whole-gloss match (true) or only a word inside a gloss (false). */
  exact: boolean;
  /** Extra factor on the unit's weight (constituents of a matched phrase count less). */
  scale: number;
}

/** Knobs measured with scripts/dev/xling-probe.ts; defaults are the best found. */
export interface Tuning {
  /** Weight of a kept literal (number, acronym) relative to a translated word. */
  literalWeight: number;
  /** Translations found only inside a longer gloss count this much less. */
  partialFactor: number;
  /** Weight of a matched phrase's single words, relative to a free word. */
  constituentWeight: number;
  /** Match multiword spans against glosses holding all their words in any order: never, when no whole gloss matches, always. */
  containment: 'off' | 'fallback' | 'always';
  /** Exponent on IDF when df is given (0: ignore rarity). */
  idfPower: number;
  /** Factor for single-character translations. */
  singleCharFactor: number;
  /** Weight of a pinyin-composed Chinese name confirmed by the corpus. */
  nameWeight: number;
  /** Translations kept per English unit, best first. */
  perUnit: number;
}

export const DEFAULT_TUNING: Tuning = {
  literalWeight: 1,
  partialFactor: 0.5,
  constituentWeight: 0.3,
  containment: 'fallback',
  idfPower: 1,
  singleCharFactor: 0.3,
  nameWeight: 2,
  perUnit: 8,
};

let tuning: Tuning = DEFAULT_TUNING;

/** For experiments only: replace the knobs (pass {} to restore the defaults). */
export function setTuning(t: Partial<Tuning>): void {
  tuning = { ...DEFAULT_TUNING, ...t };
}

/** Candidate match keys of a span: every combination of its words' keys. */
function spanKeys(tokens: EnglishToken[]): string[] {
  let keys = [''];
  for (const t of tokens) {
    const next: string[] = [];
    for (const k of keys) for (const w of wordKeys(t.lower)) next.push(k === '' ? w : `${k} ${w}`);
    keys = next;
  }
  return keys;
}

function lookupSpan(dict: EnDict, tokens: EnglishToken[]): Posting[] | undefined {
  const merged = new Map<string, Posting>();
  for (const key of spanKeys(tokens)) {
    for (const p of dict.phrases.get(key) ?? []) {
      const old = merged.get(p.zh);
      if (old === undefined || p.q > old.q) merged.set(p.zh, p);
    }
  }
  return merged.size > 0 ? [...merged.values()] : undefined;
}

/** Function words that may sit inside a dictionary phrase ("Ministry of Foreign Affairs"). */
const PHRASE_GLUE = new Set(['of', 'the', 'a', 'an', 'for']);

interface Content extends EnglishToken {
  /** Only phrase glue lies between it and the previous content token: a phrase may continue here. */
  joined: boolean;
}

/** Content tokens of the question: stopwords and question framing removed, literals kept. */
function contentTokens(question: string): Content[] {
  const out: Content[] = [];
  let joined = false;
  for (const t of tokenizeEnglish(question)) {
    const keep = t.literal || (!isStopword(t.lower) && !isQuestionFrame(t.lower) && t.lower.length > 1);
    if (t.afterBreak) joined = false;
    if (keep) {
      out.push({ ...t, joined });
      joined = true;
    } else if (!PHRASE_GLUE.has(t.lower)) joined = false;
  }
  return out;
}

/** Candidates whose short gloss holds every word of the span, in any order ("foreign ministry" → "Ministry of Foreign Affairs"). */
function lookupContaining(dict: EnDict, tokens: EnglishToken[]): Posting[] | undefined {
  let common: Map<string, Posting> | undefined;
  for (const t of tokens) {
    const here = new Map<string, Posting>();
    for (const key of wordKeys(t.lower)) for (const p of dict.partial.get(key) ?? []) here.set(p.zh, p);
    if (common !== undefined) for (const zh of [...common.keys()]) if (!here.has(zh)) common.delete(zh);
    common ??= here;
    if (common.size === 0) return undefined;
  }
  // partial q is already divided by the gloss length: scale by the words matched.
  return common === undefined ? undefined : [...common.values()].map((p) => ({ ...p, q: p.q * tokens.length * 0.7 }));
}

function mergePostings(...lists: (Posting[] | undefined)[]): Posting[] {
  const merged = new Map<string, Posting>();
  for (const list of lists) {
    for (const p of list ?? []) {
      const old = merged.get(p.zh);
      if (old === undefined || p.q > old.q) merged.set(p.zh, p);
    }
  }
  return [...merged.values()];
}

/** One word: its whole-gloss translations, plus weaker ones from glosses that contain it. */
function wordUnit(dict: EnDict, tok: EnglishToken, scale: number): Unit {
  const exact = lookupSpan(dict, [tok]) ?? [];
  const partial: Posting[] = [];
  for (const key of wordKeys(tok.lower)) {
    for (const p of dict.partial.get(key) ?? []) partial.push({ ...p, q: p.q * tuning.partialFactor });
  }
  return { tokens: [tok], postings: mergePostings(exact, partial), exact: exact.length > 0, scale };
}

/** Greedy longest match of dictionary phrases, then single words. */
function findUnits(dict: EnDict, tokens: Content[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < tokens.length) {
    let taken = 0;
    for (let n = Math.min(dict.maxPhraseWords, tokens.length - i); n >= 2 && taken === 0; n--) {
      const span = tokens.slice(i, i + n);
      if (span.some((t, j) => /^\d/.test(t.lower) || (j > 0 && !t.joined))) continue;
      const exact = lookupSpan(dict, span);
      // Any-order containment is looser than a whole gloss: a fallback, or an addition when tuned so.
      const contained =
        n <= 3 && tuning.containment !== 'off' && (exact === undefined || tuning.containment === 'always')
          ? lookupContaining(dict, span)
          : undefined;
      if (exact === undefined && contained === undefined) continue;
      const postings = mergePostings(exact, contained);
      units.push({ tokens: span, postings, exact: true, scale: 1 });
      // The words alone still help when the text words the phrase differently.
      if (tuning.constituentWeight > 0) for (const t of span) units.push(wordUnit(dict, t, tuning.constituentWeight));
      taken = n;
    }
    if (taken === 0) {
      const tok = tokens[i]!;
      if (!/^\d/.test(tok.lower)) units.push(wordUnit(dict, tok, 1));
      taken = 1;
    }
    i += taken;
  }
  return units;
}

function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Score a unit's candidates and keep the best few, weights summing to the unit's weight. */
function weighUnit(unit: Unit, opts: ExpandOptions): WeightedTerm[] {
  const { df, docCount } = opts;
  const capital = unit.tokens.every((t) => t.capitalized || t.literal);
  const scored: { text: string; quality: number; share: number }[] = [];
  for (const p of unit.postings) {
    const d = df?.(p.zh);
    if (d === 0) continue; // not in the corpus: cannot help the lexical match
    let quality = p.q;
    // Names asked as names: prefer proper-name entries, and vice versa.
    if (capital) quality *= p.proper ? 1.5 : 0.7;
    else if (p.proper) quality *= 0.5;
    // Single characters match inside countless unrelated words.
    if (p.zh.length === 1) quality *= tuning.singleCharFactor;
    let share = quality;
    if (d !== undefined && docCount !== undefined) share *= idf(d, docCount) ** tuning.idfPower;
    scored.push({ text: p.zh, quality, share });
  }
  scored.sort((a, b) => b.share - a.share || (a.text < b.text ? -1 : 1));
  const kept = scored.slice(0, opts.perUnit ?? tuning.perUnit);
  const total = kept.reduce((sum, t) => sum + t.share, 0);
  // A unit whose best translation is doubtful (a single character, a slang sense) counts less.
  const confidence = Math.min(1, Math.max(0, ...kept.map((t) => t.quality)));
  const unitWeight = unit.scale * unit.tokens.length * (unit.exact ? 1 : tuning.partialFactor) * confidence;
  return kept.map((t) => ({ text: t.text, weight: (unitWeight * t.share) / total }));
}

/** Pinyin Chinese names ("Qin Gang") among adjacent capitalised words, when the corpus can confirm them. */
function nameTerms(dict: EnDict, tokens: EnglishToken[], df: (t: string) => number): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (!/^[A-Z][a-z]+$/.test(a.surface) || !/^[A-Z][a-z]+$/.test(b.surface)) continue;
    for (const name of composeChineseName(a.surface, b.surface, dict, df, 2)) out.push({ text: name, weight: tuning.nameWeight });
  }
  return out;
}

function addTerm(acc: Map<string, number>, text: string, weight: number): void {
  if (weight > 0) acc.set(text, (acc.get(text) ?? 0) + weight);
}

/** Chinese runs of a mixed question, kept as typed (in Simplified). */
function hanRuns(question: string): string[] {
  return normalizeForMatch(question).match(/\p{Script=Han}+/gu) ?? [];
}

/**
 * Weighted Simplified Chinese terms for an English or mixed question.
 * Deterministic: terms sorted by weight, then text.
 */
export function expandQuery(question: string, opts: ExpandOptions = {}): Expansion {
  const dict = loadEnDict();
  const acc = new Map<string, number>();
  if (hasHan(question)) for (const run of hanRuns(question)) addTerm(acc, run, 1);
  const tokens = contentTokens(question);
  for (const t of tokens) {
    if (!t.literal) continue;
    const roman = romanValue(t.surface);
    addTerm(acc, roman === undefined ? t.lower : String(roman), tuning.literalWeight);
  }
  for (const unit of findUnits(dict, tokens)) {
    for (const term of weighUnit(unit, opts)) addTerm(acc, term.text, term.weight);
  }
  if (opts.df !== undefined) for (const term of nameTerms(dict, tokens, opts.df)) addTerm(acc, term.text, term.weight);
  const terms = [...acc.entries()]
    .map(([text, weight]) => ({ text, weight: Math.round(weight * 1e4) / 1e4 }))
    .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1))
    .slice(0, opts.maxTerms ?? 60);
  return { terms };
}

/** Load the dictionary now (e.g. at start-up) rather than on the first English question. */
export function warmUpCrosslingual(): void {
  loadEnDict();
}
