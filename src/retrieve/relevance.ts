/**
 * Calibrated relevance in [0, 1]: how much of the question an article's best
 * passages (with header) show, as the IDF-weighted share of its evidence units.
 * A Chinese unit is a dictionary word of the question (partly credited by its
 * bigrams when the passage words it differently); an English unit is a translated
 * English word or phrase, credited by its best translation present, or a name or
 * number matched literally.
 *
 * Translations are noisier evidence than the asker's own words, so English raw
 * coverage runs lower for answerable questions; a per-language piecewise-linear
 * map puts each language's measured operating point at the same value, so one
 * MIN_RELEVANCE threshold (0.3) serves both. Calibration data: docs/EVAL.md.
 */
import { indexedText } from '../store/indexed-text.js';
import type { StoredArticle } from '../store/layout.js';
import { normalizeForMatch } from '../text/normalize.js';
import { bm25Idf as idf } from '../util/idf.js';
import { tokenize } from '../text/tokenize.js';
import type { Passage } from '../types.js';
import type { QueryStats } from './query-stats.js';
import type { EvidenceUnit } from './query.js';

/** Bigrams touching particles say how a question is asked, not what about: they count only when present. */
const FILLER = /[的了吗呢吧么什哪谁怎为是有在时说]/;
const HAN = /\p{Script=Han}/u;

/** Raw coverage at which each language's answerable and unanswerable dev questions balance (docs/EVAL.md). */
export const OPERATING_POINT = { chinese: 0.4, english: 0.25 };
/** Where the operating point lands on the calibrated scale: the MIN_RELEVANCE default. */
export const CALIBRATED_POINT = 0.3;

function dfOf(lexical: QueryStats, alternative: string): number {
  return HAN.test(alternative) && [...alternative].length > 1 ? lexical.termDf(alternative) : lexical.df(alternative);
}

/** A unit's weight: its prior × the mean IDF of its alternatives the corpus has (the maximum IDF when it has none). */
export function unitWeight(lexical: QueryStats, unit: EvidenceUnit): number {
  const n = lexical.docCount;
  const known = unit.alternatives.map((a) => dfOf(lexical, a)).filter((d) => d > 0);
  const w = known.length > 0 ? known.reduce((s, d) => s + idf(d, n), 0) / known.length : idf(0, n);
  return unit.weight * w;
}

/** The matching form of one passage as indexed (with header), and its Latin words and numbers. */
export interface PassageEvidence {
  text: string;
  latin: Set<string>;
}

/** What an article shows for a hit: its best passages' evidence (at most two are read). */
export type Evidence = readonly PassageEvidence[];

/** Matching form of one passage as indexed (with header); the caller caches it, passages recur across questions. */
export function passageEvidence(article: Pick<StoredArticle, 'title' | 'source' | 'publishedAt'>, passage: Pick<Passage, 'text'>): PassageEvidence {
  // Only the non-Han tokens need tokenising: Chinese words and bigrams are checked as substrings.
  return textEvidence(normalizeForMatch(indexedText(article, passage.text)));
}

/** Units prepared once per question: IDF weights, and which alternatives match as substrings. */
export interface PreparedUnits {
  units: EvidenceUnit[];
  weights: number[];
  /** Per unit, per alternative: Chinese (substring match) rather than a Latin token. */
  han: boolean[][];
  /** Per unit: a lone particle-bearing alternative, counted only when present. */
  filler: boolean[];
  /**
   * Per unit: its absence proves nothing, since it can only match literally and the
   * corpus never has it (an English name no dictionary or transliteration rendered).
   */
  unverifiable: boolean[];
}

export function prepareUnits(lexical: QueryStats, units: EvidenceUnit[]): PreparedUnits {
  return {
    units,
    weights: units.map((u) => unitWeight(lexical, u)),
    han: units.map((u) => u.alternatives.map((a) => HAN.test(a))),
    filler: units.map((u) => u.alternatives.length === 1 && FILLER.test(u.alternatives[0]!)),
    unverifiable: units.map((u) => u.alternatives.every((a) => !HAN.test(a) && !/\d/.test(a) && lexical.df(a) === 0)),
  };
}

function inText(evidence: Evidence, s: string): boolean {
  for (const e of evidence) if (e.text.includes(s)) return true;
  return false;
}

function inLatin(evidence: Evidence, s: string): boolean {
  for (const e of evidence) if (e.latin.has(s)) return true;
  return false;
}

/** How far the evidence shows one unit, in [0, 1]. Chinese words match as substrings (any segmentation), Latin as tokens. */
function presence(unit: EvidenceUnit, han: boolean[], evidence: Evidence): number {
  let best = 0;
  for (let j = 0; j < unit.alternatives.length && best < 1; j++) {
    const a = unit.alternatives[j]!;
    if (unit.confidence[j]! > best && (han[j] ? inText(evidence, a) : inLatin(evidence, a))) best = unit.confidence[j]!;
  }
  if (best < 1 && unit.parts) {
    // A word split differently in the passage: its bigrams, squared so fragments of a name count little.
    const share = unit.parts.filter((p) => inText(evidence, p)).length / unit.parts.length;
    best = Math.max(best, share * share);
  }
  return best;
}

/** How far the evidence shows each unit, in [0, 1]. */
export function unitPresence(prepared: PreparedUnits, evidence: Evidence): number[] {
  return prepared.units.map((unit, i) => presence(unit, prepared.han[i]!, evidence));
}

/** IDF-weighted share of the units shown; a particle-bearing unit counts only when present, a negative presence not at all. */
export function weightedShare(prepared: PreparedUnits, presences: readonly number[]): number {
  let hit = 0;
  let total = 0;
  presences.forEach((p, i) => {
    if (p < 0 || (p === 0 && prepared.filler[i])) return;
    total += prepared.weights[i]!;
    hit += p * prepared.weights[i]!;
  });
  return total > 0 ? hit / total : 0;
}

/** Raw coverage: IDF-weighted share of the units the evidence shows. */
export function coverage(prepared: PreparedUnits, evidence: Evidence): number {
  return weightedShare(prepared, unitPresence(prepared, evidence));
}

/** Matching form of any text (a sentence) as evidence. */
export function textEvidence(normalized: string): PassageEvidence {
  return { text: normalized, latin: new Set(tokenize(normalized.replace(/\p{Script=Han}+/gu, ' '))) };
}

/** Map raw coverage so each language's operating point lands on CALIBRATED_POINT (monotone, 0→0, 1→1). */
export function calibrate(raw: number, english: boolean): number {
  const t = english ? OPERATING_POINT.english : OPERATING_POINT.chinese;
  const c = CALIBRATED_POINT;
  const r = Math.min(1, Math.max(0, raw));
  return r <= t ? (r * c) / t : c + ((r - t) * (1 - c)) / (1 - t);
}
