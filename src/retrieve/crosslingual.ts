/**
 * Cross-lingual query expansion: an English (or mixed) question → weighted
 * Simplified Chinese terms for the lexical retriever, via CC-CEDICT inverted.
 *
 * Each English unit (a dictionary phrase found by greedy longest match, else a
 * word) gets one unit of weight, shared among its translations by gloss
 * quality, so a specific word with one translation ("oxygen" → 氧气) outweighs
 * each of a generic word's twenty ("make"). With a document-frequency lookup
 * from the index, translations absent from the corpus are dropped (they cannot
 * match) and names are transliterated; corpus rarity itself is left to the
 * retriever's BM25 IDF (multiplying it in again measured worse).
 */
import { hasHan, normalizeForMatch } from '../text/normalize.js';
import { bm25Idf as idf } from '../util/idf.js';
import { loadEnDict, type EnDict, type Posting } from './crosslingual/dictionary.js';
import { romanValue, wordKeys } from './crosslingual/english.js';
import { pinyinNameGroups, transliterationGroup } from './crosslingual/names.js';
import { loadTranslit } from './crosslingual/translit.js';
import { tuning, type Tuning } from './crosslingual/tuning.js';
import { contentTokens, findUnits, type Content, type Unit } from './crosslingual/units.js';

export { DEFAULT_EXPANSION_TUNING, setTuning, type Tuning } from './crosslingual/tuning.js';

export interface ExpansionTerm {
  /** Simplified Chinese (lower-cased Latin for kept literals like "nato", "2001"). */
  text: string;
  weight: number;
}

/** The translations of one English unit (or a kept literal), sharing its weight. */
export interface TermGroup {
  /** The English words (or Chinese run) they come from. */
  source: string;
  terms: ExpansionTerm[];
  /** Every translation is an ordinary word in the dictionary: a capitalised "Parliament" or "Bible" is no name. */
  common?: boolean;
  /** A name's spelling the corpus confirmed (transliteration, pinyin name), found only with df. */
  confirmed?: boolean;
}

export interface Expansion {
  /** All terms, merged over groups, heaviest first. */
  terms: ExpansionTerm[];
  /** Per English unit, for explanations and for refineWithFeedback. */
  groups?: TermGroup[];
  maxTerms?: number;
  /** Only when asked for (ExpandOptions.plainGroups): the groups of the same question expanded without df. */
  plainGroups?: TermGroup[];
}

export interface ExpandOptions {
  /**
   * Documents in the index containing a term, for any string: translations absent
   * from the corpus are dropped, and names are transliterated or composed from
   * pinyin only when the corpus confirms them. Documents holding all of the
   * term's bigrams is close enough (measured as good as exact substring df);
   * called a few hundred times per question, so it should be cheap.
   */
  df?: (term: string) => number;
  /**
   * Set when df is a looser bound, such as the min df over a term's bigrams:
   * name transliteration and pinyin composition are then skipped, since chance
   * bigram hits would confirm wrong spellings.
   */
  approximateDf?: boolean;
  /** Number of documents in the index; needed with df. */
  docCount?: number;
  /** Cap on returned terms (default 60). */
  maxTerms?: number;
  /** Translations kept per English unit, best first (default: the tuning's, 8). */
  perUnit?: number;
  /**
   * With df: also return `plainGroups`, the groups as expanded without df (every
   * unit, its translations whether or not the corpus has them), from the same
   * dictionary pass rather than a second expansion.
   */
  plainGroups?: boolean;
}

/**
 * English-side rarity of a unit, ~1 for a typical word: words that occur in few
 * dictionary glosses ("oxygen") are specific, ones in hundreds ("first",
 * "make") are generic. Phrases count as specific.
 */
function specificity(unit: Unit): number {
  const p = tuning().specificityPower;
  if (p === 0 || unit.tokens.length > 1) return 1;
  const dict = loadEnDict();
  const t = unit.tokens[0]!;
  const count = Math.max(...wordKeys(t).map((k) => (dict.phrases.get(k)?.length ?? 0) + (dict.partial.get(k)?.length ?? 0)));
  const enIdf = Math.log(1 + dict.postingCount / (1 + count));
  return Math.min(1.5, (enIdf / 8) ** p);
}

interface Scored {
  text: string;
  quality: number;
  share: number;
}

/** How good a rendering each candidate is, before corpus rarity. */
function qualities(unit: Unit, capital: boolean): { text: string; quality: number }[] {
  return unit.postings.map((p) => {
    let quality = p.q;
    // Names asked as names: prefer proper-name entries, and vice versa.
    if (capital) quality *= p.proper ? 1.5 : 0.7;
    else if (p.proper) quality *= 0.5;
    // Single characters match inside countless unrelated words.
    if (p.zh.length === 1) quality *= tuning().singleCharFactor;
    return { text: p.zh, quality };
  });
}

const byShare = (a: Scored, b: Scored): number => b.share - a.share || (a.text < b.text ? -1 : 1);

/**
 * The best `perUnit` candidates the corpus has (all of them without df), best first.
 * Translations absent from the corpus cannot help the lexical match. When rarity
 * does not weigh in (idfPower 0), the order is known before any df look-up, so df
 * is asked only until enough are found: a generic word has hundreds of candidates.
 */
function keptCandidates(unit: Unit, opts: ExpandOptions): Scored[] {
  const { df, docCount } = opts;
  const perUnit = opts.perUnit ?? tuning().perUnit;
  const capital = unit.tokens.every((t) => t.capitalized || t.literal);
  if (df === undefined || docCount === undefined || tuning().idfPower === 0) {
    const sorted = byQuality(unit, capital);
    return df === undefined ? sorted.slice(0, perUnit) : firstInCorpus(sorted, df, perUnit);
  }
  const scored: Scored[] = [];
  for (const c of qualities(unit, capital)) {
    const d = df(c.text);
    if (d !== 0) scored.push({ ...c, share: c.quality * idf(d, docCount) ** tuning().idfPower });
  }
  return scored.sort(byShare).slice(0, perUnit);
}

/** Per posting list (the dictionary look-ups are cached, so lists recur) and tuning: a generic word has hundreds. */
const sortedMemo = new WeakMap<readonly Posting[], { tuning: Readonly<Tuning>; capital?: Scored[]; plain?: Scored[] }>();

/** Candidates by quality, best first (shared: do not modify). */
function byQuality(unit: Unit, capital: boolean): Scored[] {
  let entry = sortedMemo.get(unit.postings);
  if (entry?.tuning !== tuning()) sortedMemo.set(unit.postings, (entry = { tuning: tuning() }));
  const key = capital ? 'capital' : 'plain';
  return (entry[key] ??= qualities(unit, capital).map((c) => ({ ...c, share: c.quality })).sort(byShare));
}

function firstInCorpus(sorted: Scored[], df: (t: string) => number, n: number): Scored[] {
  const kept: Scored[] = [];
  for (const c of sorted) {
    if (kept.length >= n) break;
    if (df(c.text) !== 0) kept.push(c);
  }
  return kept;
}

/** Score a unit's candidates and keep the best few, weights summing to the unit's weight. */
function weighUnit(unit: Unit, opts: ExpandOptions): ExpansionTerm[] {
  const kept = keptCandidates(unit, opts);
  const sum = kept.reduce((acc, t) => acc + t.share, 0);
  const max = Math.max(0, ...kept.map((t) => t.share));
  const total = tuning().normalize === 'sum' ? sum : tuning().normalize === 'max' ? max : Math.sqrt(sum * max);
  // A unit whose best translation is doubtful (a single character, a slang sense) counts less.
  const confidence = Math.min(1, Math.max(0, ...kept.map((t) => t.quality))) ** tuning().confidencePower;
  const unitWeight =
    unit.scale * unit.tokens.length * (unit.exact ? 1 : tuning().partialUnitFactor) * confidence * specificity(unit);
  return kept.map((t) => ({ text: t.text, weight: (unitWeight * t.share) / total }));
}

/** Chinese runs of a mixed question, kept as typed (in Simplified). */
function hanRuns(question: string): string[] {
  return normalizeForMatch(question).match(/\p{Script=Han}+/gu) ?? [];
}

function mergeGroups(groups: TermGroup[], maxTerms: number): ExpansionTerm[] {
  const acc = new Map<string, number>();
  for (const g of groups) for (const t of g.terms) if (t.weight > 0) acc.set(t.text, (acc.get(t.text) ?? 0) + t.weight);
  return [...acc.entries()]
    .map(([text, weight]) => ({ text, weight: Math.round(weight * 1e4) / 1e4 }))
    .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1))
    .slice(0, maxTerms);
}

/** Groups that need no dictionary: Chinese runs as typed, and literals (numbers, acronyms, Roman numerals). */
function verbatimGroups(question: string, tokens: Content[]): TermGroup[] {
  const groups: TermGroup[] = [];
  if (hasHan(question)) for (const run of hanRuns(question)) groups.push({ source: run, terms: [{ text: run, weight: 1 }] });
  for (const t of tokens) {
    if (!t.literal) continue;
    const roman = romanValue(t.surface);
    groups.push({ source: t.surface, terms: [{ text: roman === undefined ? t.lower : String(roman), weight: tuning().literalWeight }] });
  }
  return groups;
}

/** Each unit's translations as a group; with df, a name the dictionary lacks gets its corpus transliteration ("Manning"). */
function translateUnits(units: Unit[], opts: ExpandOptions, df: ((t: string) => number) | undefined): TermGroup[] {
  const groups: TermGroup[] = [];
  for (const unit of units) {
    const western = df !== undefined && !unit.constituent ? transliterationGroup(unit, df) : undefined;
    if (western !== undefined) {
      groups.push(western);
      continue;
    }
    const terms = weighUnit(unit, opts);
    const common = unit.postings.length > 0 && unit.postings.every((p) => !p.proper);
    if (terms.length > 0) groups.push({ source: unit.tokens.map((t) => t.surface).join(' '), terms, ...(common ? { common } : {}) });
  }
  return groups;
}

/**
 * Weighted Simplified Chinese terms for an English or mixed question.
 * Deterministic: terms sorted by weight, then text.
 */
export function expandQuery(question: string, opts: ExpandOptions = {}): Expansion {
  const dict = loadEnDict();
  const tokens = contentTokens(question);
  const verbatim = verbatimGroups(question, tokens);
  const df = opts.approximateDf === true ? undefined : opts.df;
  // Trained along with the dictionary: the first English question pays, not the first unknown name in some later one.
  if (df !== undefined && tuning().translitWeight > 0) loadTranslit();
  const [names, covered] = df !== undefined ? pinyinNameGroups(dict, tokens, df) : [[], new Set<Content>()];
  const units = findUnits(dict, tokens, covered);
  const groups = [...verbatim, ...names, ...translateUnits(units, opts, df)];
  const maxTerms = opts.maxTerms ?? 60;
  const expansion: Expansion = { terms: mergeGroups(groups, maxTerms), groups, maxTerms };
  if (opts.plainGroups && df !== undefined) {
    // Without df no pinyin name covers any words, so the units differ only when one did.
    const plainUnits = covered.size === 0 ? units : findUnits(dict, tokens);
    expansion.plainGroups = [...verbatim, ...translateUnits(plainUnits, { perUnit: opts.perUnit }, undefined)];
  }
  return expansion;
}

/**
 * Re-split each group's weight towards the translations that occur in the
 * top passages of a first retrieval pass (pseudo-relevance feedback): among
 * the senses of an ambiguous word, the one the corpus uses alongside the other
 * query words wins. `feedback` holds those passages' texts (any script).
 */
export function refineWithFeedback(expansion: Expansion, feedback: string[], floor = 0.2): Expansion {
  const texts = feedback.map(normalizeForMatch);
  if (texts.length === 0 || expansion.groups === undefined) return expansion;
  const groups = expansion.groups.map((g): TermGroup => {
    if (g.terms.length < 2) return g;
    const total = g.terms.reduce((s, t) => s + t.weight, 0);
    const raw = g.terms.map((t) => {
      const seen = texts.filter((x) => x.includes(t.text)).length / texts.length;
      return t.weight * (floor + seen);
    });
    const sum = raw.reduce((s, x) => s + x, 0);
    return { source: g.source, terms: g.terms.map((t, i) => ({ text: t.text, weight: (total * raw[i]!) / sum })) };
  });
  return { terms: mergeGroups(groups, expansion.maxTerms ?? 60), groups, maxTerms: expansion.maxTerms };
}

/** Load the dictionary and train the transliterator now (e.g. at start-up) rather than on the first English question. */
export function warmUpCrosslingual(): void {
  loadEnDict();
  loadTranslit();
}
