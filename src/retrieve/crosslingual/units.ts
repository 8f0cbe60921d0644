/**
 * Segmenting an English question into translation units: dictionary phrases by
 * greedy longest match over content words (phrases may not cross punctuation or
 * function words other than "of/the/a/for"), then single words, then derived
 * words reduced to a base the dictionary knows.
 */
import { postingsOf, type EnDict, type Posting } from './dictionary.js';
import { GERUND_AS_VERB, gerundKey, isQuestionFrame, isStopword, tokenizeEnglish, wordKeys, type EnglishToken } from './english.js';
import { derivationalBases } from './stem.js';
import { tuning, type Tuning } from './tuning.js';

/**
 * Dictionary look-ups by key, per dictionary and tuning: the same words come back
 * question after question, and a generic word unpacks hundreds of postings.
 * Cached lists are shared, so callers never modify them.
 */
const lookups = new WeakMap<EnDict, { tuning: Readonly<Tuning>; byKey: Map<string, { value: unknown }> }>();
const LOOKUPS_MAX = 10_000;

function cached<T>(dict: EnDict, key: string, compute: () => T): T {
  let entry = lookups.get(dict);
  if (entry?.tuning !== tuning()) lookups.set(dict, (entry = { tuning: tuning(), byKey: new Map() }));
  let found = entry.byKey.get(key);
  if (found === undefined) {
    found = { value: compute() };
    if (entry.byKey.size >= LOOKUPS_MAX) entry.byKey.clear();
    entry.byKey.set(key, found);
  }
  return found.value as T;
}

/** What a word's keys depend on (wordKeys): its lower-case form and whether it is capitalised. */
function spanId(tokens: readonly EnglishToken[]): string {
  return tokens.map((t) => (t.capitalized ? `^${t.lower}` : t.lower)).join(' ');
}

/** An English span and its translation candidates. */
export interface Unit {
  tokens: EnglishToken[];
  postings: Posting[];
  /** Whole-gloss match (true) or only a word inside a gloss (false). */
  exact: boolean;
  /** Extra factor on the unit's weight (for constituents of a matched phrase). */
  scale: number;
  /** A single word of a matched phrase, added so that differently worded texts still match. */
  constituent: boolean;
}

/** One posting per headword: the best quality, a name if any sense is one ("Tesla" the man, "tesla" the unit). */
function keepBest(old: Posting | undefined, p: Posting): Posting {
  if (old === undefined) return p;
  const best = p.q > old.q ? p : old;
  return best.proper || !(p.proper || old.proper) ? best : { ...best, proper: true };
}

/** A word's keys with the factor each reading gets: an "-ing" word is itself first, its verb weaker. */
function weightedKeys(t: EnglishToken, strict: boolean): [string, number][] {
  const keys = wordKeys(t, strict);
  const gerund = t.capitalized ? undefined : gerundKey(t.lower);
  return gerund === undefined ? keys.map((k) => [k, 1]) : [[gerund, 1], ...keys.map((k): [string, number] => [k, GERUND_AS_VERB])];
}

/** Candidate match keys of a span, with their factors: every combination of its words' keys. */
function spanKeys(tokens: EnglishToken[], strict: boolean): [string, number][] {
  let keys: [string, number][] = [['', 1]];
  for (const t of tokens) {
    const next: [string, number][] = [];
    for (const [k, f] of keys) for (const [w, g] of weightedKeys(t, strict)) next.push([k === '' ? w : `${k} ${w}`, f * g]);
    keys = next;
  }
  return keys;
}

/** Whole-gloss translations of a span: strict keys first, loose ones (discounted for names) only if those fail. */
export function lookupSpan(dict: EnDict, tokens: EnglishToken[]): Posting[] | undefined {
  return cached(dict, `span\t${spanId(tokens)}`, () => lookupSpanUncached(dict, tokens));
}

function lookupSpanUncached(dict: EnDict, tokens: EnglishToken[]): Posting[] | undefined {
  for (const strict of [true, false]) {
    const merged = new Map<string, Posting>();
    for (const [key, factor] of spanKeys(tokens, strict)) {
      for (const p of postingsOf(dict, dict.phrases, key)) {
        const old = merged.get(p.zh);
        merged.set(p.zh, keepBest(old, factor === 1 ? p : { ...p, q: p.q * factor }));
      }
    }
    if (merged.size === 0) continue;
    const loose = !strict && tokens.some((t) => t.capitalized);
    return [...merged.values()].map((p) => (loose ? { ...p, q: p.q * 0.5, loose } : p));
  }
  return undefined;
}

/** Function words that may sit inside a dictionary phrase ("Ministry of Foreign Affairs"). */
const PHRASE_GLUE = new Set(['of', 'the', 'a', 'an', 'for']);

/** "How old/long/far…": the adjective asks for a quantity, it is not a topic. */
const HOW_FRAME = new Set(['old', 'long', 'far', 'big', 'large', 'often', 'tall', 'high', 'late', 'early', 'soon', 'fast']);

export interface Content extends EnglishToken {
  /** Only phrase glue lies between it and the previous content token: a phrase may continue here. */
  joined: boolean;
}

/** Content tokens of the question: stopwords and question framing removed, literals kept. */
export function contentTokens(question: string): Content[] {
  const out: Content[] = [];
  let joined = false;
  let prev = '';
  for (const t of tokenizeEnglish(question)) {
    const frame = isQuestionFrame(t.lower) || (prev === 'how' && HOW_FRAME.has(t.lower));
    prev = t.lower;
    const keep = t.literal || (!isStopword(t.lower) && !frame && t.lower.length > 1);
    if (t.afterBreak) joined = false;
    if (keep) {
      out.push({ ...t, joined });
      joined = true;
    } else if (!PHRASE_GLUE.has(t.lower)) joined = false;
  }
  return out;
}

/** Candidates whose short gloss holds every word of the span, in any order ("foreign ministry" → "Ministry of Foreign Affairs"). */
function lookupContaining(dict: EnDict, tokens: EnglishToken[], factor = 0.7): Posting[] | undefined {
  return cached(dict, `containing\t${factor}\t${spanId(tokens)}`, () => lookupContainingUncached(dict, tokens, factor));
}

function lookupContainingUncached(dict: EnDict, tokens: EnglishToken[], factor: number): Posting[] | undefined {
  let common: Map<string, Posting> | undefined;
  for (const t of tokens) {
    const here = new Map<string, Posting>();
    for (const key of wordKeys(t, false)) {
      for (const p of postingsOf(dict, dict.partial, key)) if (p.q > (here.get(p.zh)?.q ?? -1)) here.set(p.zh, p);
    }
    if (common !== undefined) for (const zh of [...common.keys()]) if (!here.has(zh)) common.delete(zh);
    common ??= here;
    if (common.size === 0) return undefined;
  }
  // partial q is already divided by the gloss length: scale by the words matched.
  return common === undefined ? undefined : [...common.values()].map((p) => ({ ...p, q: p.q * tokens.length * factor }));
}

function mergePostings(...lists: (Posting[] | undefined)[]): Posting[] {
  const merged = new Map<string, Posting>();
  for (const list of lists) {
    for (const p of list ?? []) {
      const old = merged.get(p.zh);
      merged.set(p.zh, keepBest(old, p));
    }
  }
  return [...merged.values()];
}

/** Translations of the base words of a derived word ("European" → Europe, "undeveloped" → developed). */
function derivedPostings(dict: EnDict, tok: EnglishToken, firstOnly: boolean): Posting[] {
  const out: Posting[] = [];
  for (const base of derivationalBases(tok.lower)) {
    const found = lookupSpan(dict, [{ ...tok, lower: base }]);
    if (found === undefined) continue;
    // A capitalised adjective's base is a place or people: keep only names.
    for (const p of found) if (firstOnly || p.proper) out.push({ ...p, q: p.q * tuning().derivation });
    if (firstOnly || out.length > 0) break;
  }
  return out;
}

/** One word: its whole-gloss translations, plus weaker ones from glosses that contain it. */
function wordUnit(dict: EnDict, tok: EnglishToken, scale = 1, constituent = false): Unit {
  const { postings, exact } = cached(dict, `word\t${spanId([tok])}`, () => wordPostings(dict, tok));
  return { tokens: [tok], postings, exact, scale, constituent };
}

function wordPostings(dict: EnDict, tok: EnglishToken): { postings: Posting[]; exact: boolean } {
  const exact = lookupSpan(dict, [tok]) ?? [];
  const partial: Posting[] = [];
  for (const key of wordKeys(tok, false)) {
    for (const p of postingsOf(dict, dict.partial, key)) partial.push({ ...p, q: p.q * tuning().partialFactor });
  }
  let derived: Posting[] = [];
  if (tuning().derivation > 0) {
    // Unknown words: the first base the dictionary knows. Names: also the place or people behind them.
    if (exact.length === 0 && partial.length === 0) derived = derivedPostings(dict, tok, true);
    else if (tok.capitalized) derived = derivedPostings(dict, tok, false);
  }
  return { postings: mergePostings(exact, derived, partial), exact: exact.length > 0 || derived.length > 0 };
}

function isNumber(t: EnglishToken): boolean {
  return /^\d/.test(t.lower);
}

/**
 * Greedy longest match of whole-gloss phrases; then adjacent leftover words
 * matched in any order inside a gloss ("foreign ministry" → "Ministry of
 * Foreign Affairs"); then single words.
 */
export function findUnits(dict: EnDict, tokens: Content[], skip: ReadonlySet<Content> = new Set()): Unit[] {
  const units: Unit[] = [];
  const phraseUnits = (span: EnglishToken[], postings: Posting[]): void => {
    units.push({ tokens: span, postings, exact: true, scale: 1, constituent: false });
    // The words alone still help when the text words the phrase differently.
    const w = tuning().constituentWeight;
    if (w > 0) for (const t of span) units.push(wordUnit(dict, t, w, true));
  };
  const leftovers: Content[][] = [[]];
  let i = 0;
  while (i < tokens.length) {
    let taken = 0;
    for (let n = Math.min(dict.maxPhraseWords, tokens.length - i); n >= 2 && taken === 0; n--) {
      const span = tokens.slice(i, i + n);
      if (span.some((t, j) => isNumber(t) || skip.has(t) || (j > 0 && !t.joined))) continue;
      const exact = lookupSpan(dict, span);
      if (exact === undefined) continue;
      // Other wordings of the same thing ("Foreign Ministry" is also "Ministry of Foreign Affairs").
      // Discounted: the exact gloss stays the first choice when the corpus has both.
      const reworded = () => (n === 2 && tuning().rewordedPhrases ? lookupContaining(dict, span, 0.5) : undefined);
      phraseUnits(span, cached(dict, `phrase\t${spanId(span)}`, () => mergePostings(exact, reworded())));
      leftovers.push([]);
      taken = n;
    }
    if (taken === 0) {
      if (!isNumber(tokens[i]!) && !skip.has(tokens[i]!)) leftovers[leftovers.length - 1]!.push(tokens[i]!);
      else leftovers.push([]);
      taken = 1;
    }
    i += taken;
  }
  for (const run of leftovers) {
    for (let j = 0; j < run.length; j++) {
      const a = run[j]!;
      const b = run[j + 1];
      const contained = b?.joined && tuning().containment ? lookupContaining(dict, [a, b]) : undefined;
      if (b !== undefined && contained !== undefined) {
        phraseUnits([a, b], contained);
        j++;
      } else units.push(wordUnit(dict, a));
    }
  }
  return units;
}
