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
import { indexedText } from '../ingest/indexed-text.js';
import type { StoredArticle } from '../ingest/store-layout.js';
import { normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Passage } from '../types.js';
import type { LexicalIndex } from './lexical.js';
import { termDf, type EvidenceUnit } from './query.js';

/** Bigrams touching particles say how a question is asked, not what about: they count only when present. */
const FILLER = /[的了吗呢吧么什哪谁怎为是有在时说]/;
const HAN = /\p{Script=Han}/u;

/** Raw coverage at which each language's answerable and unanswerable dev questions balance (docs/EVAL.md). */
export const OPERATING_POINT = { chinese: 0.4, english: 0.25 };
/** Where the operating point lands on the calibrated scale: the MIN_RELEVANCE default. */
export const CALIBRATED_POINT = 0.3;

function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function dfOf(lexical: LexicalIndex, alternative: string): number {
  return HAN.test(alternative) && [...alternative].length > 1 ? termDf(lexical, alternative) : lexical.df(alternative);
}

/** A unit's weight: its prior × the mean IDF of its alternatives the corpus has (the maximum IDF when it has none). */
export function unitWeight(lexical: LexicalIndex, unit: EvidenceUnit): number {
  const n = lexical.docCount;
  const known = unit.alternatives.map((a) => dfOf(lexical, a)).filter((d) => d > 0);
  const w = known.length > 0 ? known.reduce((s, d) => s + idf(d, n), 0) / known.length : idf(0, n);
  return unit.weight * w;
}

/** The matching form of what an article shows for a hit: header + best passages, and its Latin words and numbers. */
export interface Evidence {
  text: string;
  latin: Set<string>;
}

/** Matching form of one passage as indexed (with header); `normalize` lets the caller cache it. */
export function passageText(article: StoredArticle, passage: Pick<Passage, 'text'>): string {
  return normalizeForMatch(indexedText(article, passage.text));
}

export function evidenceOf(texts: string[]): Evidence {
  const text = texts.slice(0, 2).join('\n');
  // Only the non-Han tokens need tokenising: Chinese words and bigrams are checked as substrings.
  const latin = new Set(tokenize(text.replace(/\p{Script=Han}+/gu, ' ')));
  return { text, latin };
}

function shows(evidence: Evidence, alternative: string): boolean {
  // Chinese words match as substrings (any segmentation); Latin words and numbers as whole tokens.
  return HAN.test(alternative) ? evidence.text.includes(alternative) : evidence.latin.has(alternative);
}

/** How far the evidence shows one unit, in [0, 1]. */
function presence(unit: EvidenceUnit, evidence: Evidence): number {
  let best = 0;
  unit.alternatives.forEach((a, j) => {
    if (shows(evidence, a)) best = Math.max(best, unit.confidence[j]!);
  });
  if (best < 1 && unit.parts) {
    // A word split differently in the passage: its bigrams, squared so fragments of a name count little.
    const share = unit.parts.filter((p) => evidence.text.includes(p)).length / unit.parts.length;
    best = Math.max(best, share * share);
  }
  return best;
}

/** Raw coverage: IDF-weighted share of the units the evidence shows. */
export function coverage(weights: number[], units: EvidenceUnit[], evidence: Evidence): number {
  let hit = 0;
  let total = 0;
  units.forEach((unit, i) => {
    const p = presence(unit, evidence);
    if (p === 0 && unit.alternatives.length === 1 && FILLER.test(unit.alternatives[0]!)) return;
    total += weights[i]!;
    hit += p * weights[i]!;
  });
  return total > 0 ? hit / total : 0;
}

/** Map raw coverage so each language's operating point lands on CALIBRATED_POINT (monotone, 0→0, 1→1). */
export function calibrate(raw: number, english: boolean): number {
  const t = english ? OPERATING_POINT.english : OPERATING_POINT.chinese;
  const c = CALIBRATED_POINT;
  const r = Math.min(1, Math.max(0, raw));
  return r <= t ? (r * c) / t : c + ((r - t) * (1 - c)) / (1 - t);
}
