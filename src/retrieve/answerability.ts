/**
 * Does the corpus answer the question, or only touch its topic? Article relevance
 * (relevance.ts) says an article is about the question's words; an answer needs
 * more, checked per relevant article:
 *
 * 1. Specifics. Every named person, organisation and place, year, date and number of
 *    the question appears in the article (an article about the 15th Olympics does not
 *    answer a question about Paris 2024).
 * 2. A supporting sentence. One sentence, or two adjacent ones, shows the rest of the
 *    question (its predicate and objects), not just its topic.
 * 3. The asked-for thing. That sentence holds something of the kind the question asks
 *    for (a person, a place, a time, a number...) beyond the question's own words (an
 *    article saying Li Shangfu would meet Belarus's leaders does not say which
 *    president he met).
 *
 * Works on evidence units (query.ts), so English questions are checked through their
 * translations exactly as Chinese ones are through their words.
 */
import { normalizeForMatch } from '../text/normalize.js';
import { splitSentences } from '../text/sentences.js';
import type { Assessment, Passage, SearchHit, SupportWindow } from '../types.js';
import { holdsAnswerOfType, placesAt } from './answer-candidates.js';
import type { AnswerType } from './question-type.js';

export type { Assessment, SupportWindow } from '../types.js';
import { recutFragmentShown } from './specific-context.js';
import { textEvidence, unitPresence, weightedShare, type Evidence, type PreparedUnits } from './relevance.js';

export interface AnswerabilityOptions {
  minRelevance: number;
  /** Share of the question a supporting window must show, per language (names may be credited from the article). */
  minSupport: { chinese: number; english: number };
  /** Share it must show by itself, names included only where it names them (a window of bare names fails), per language. */
  minDirect: { chinese: number; english: number };
  /**
   * Units it must show by itself (of those the question has), per language. An
   * English word reaches the text through a dictionary of many senses: one
   * translated word found is chance more often than evidence.
   */
  minShown: { chinese: number; english: number };
  /** Presence at which a specific counts as shown (a partial bigram match of a long name counts). */
  minSpecific: number;
  /**
   * IDF-weighted share of the specifics an article may lack and still answer. Not 0:
   * a question may carry a detail from elsewhere in the story (a year, a team's
   * city), and the tagger takes the odd common noun for a name.
   */
  maxMissing: { chinese: number; english: number };
  /** Relevant articles examined. */
  articles: number;
  /**
   * How far an English name that no translation or transliteration confirmed, and
   * that the corpus never spells in Latin letters, counts as lacking (0: not at all,
   * 1: like any missing name). The corpus may spell it in a way we cannot guess, but
   * it may just as well never mention it: an answer about someone else is worse.
   */
  unconfirmedNames: number;
}

/**
 * Chosen on the development sets (docs/EVAL.md has the trade-off table): a
 * question may miss under a third (Chinese) or half (English: its names go through
 * transliteration, and three units shown already refuse most chance matches) of its
 * specifics by weight; a supporting window
 * shows at least 0.42 (Chinese) or 0.4 (English) of the question, and 0.3 (Chinese)
 * or 0.4 (English) by itself. An English name the corpus never confirms counts as
 * lacking, and an English window must show at least three of the question's units
 * itself (all, if it has fewer). English evidence reaches the text through a
 * dictionary's many senses, so it is held to a stricter standard: with two units, a
 * third of the English answers quoted no sentence holding the answer and 13 % of
 * off-topic English questions were answered; with three, a fifth and 4 %, for 27 %
 * fewer answered (docs/EVAL.md, session 9). A wrong answer with a link costs more
 * than a refusal.
 */
export const DEFAULT_ANSWERABILITY: AnswerabilityOptions = {
  minRelevance: 0.3,
  minSupport: { chinese: 0.42, english: 0.4 },
  minDirect: { chinese: 0.3, english: 0.4 },
  minShown: { chinese: 0, english: 3 },
  minSpecific: 0.5,
  maxMissing: { chinese: 0.3, english: 0.5 },
  articles: 3,
  unconfirmedNames: 1,
};

/** What one question brings to the check: its prepared units and the text its own words already cover. */
export interface QuestionEvidence {
  prepared: PreparedUnits;
  english: boolean;
  type: AnswerType;
  /** Matching form of the question alone. */
  form: string;
  /** Matching form of the question plus its units' alternatives: candidates already in it are not answers. */
  ownText: string;
  /** A name question's unit for the thing it asks the name of (name-focus.ts): a supporting window must show it. */
  focus?: number;
}

/** Matching-form evidence of a hit's whole article with its header (the caller caches). */
export type HitEvidence = (hit: SearchHit) => Evidence;

/** A passage's sentences (original script) and their matching forms (the caller caches). */
export type PassageSentences = (passage: Passage) => { sentences: string[]; forms: string[] };

/** Sentences of a passage with their matching forms, normalised in one call (conversion has a per-call cost). */
export function splitPassage(text: string): { sentences: string[]; forms: string[] } {
  const sentences = splitSentences(text).filter((s) => s.length >= 4);
  return { sentences, forms: normalizeForMatch(sentences.join('\n')).split('\n') };
}

/** A window with its matching form and the share it shows by itself (no names credited from the article). */
export type ExaminedWindow = SupportWindow & { text: string; direct: number; content: number; shown: number; focusShown: boolean };

/** What one relevant article offers: the specifics it lacks, and its sentence windows (typed: holding the asked-for thing). */
export interface ArticleExamination {
  hit: number;
  lacking: string[];
  /** IDF-weighted share of the question's specifics that the article lacks. */
  missingShare: number;
  /** Empty when the article lacks too many specifics. `text` is the window's matching form. */
  windows: ExaminedWindow[];
}

/** Examine the relevant articles (at most `opts.articles`). */
export function examineHits(q: QuestionEvidence, hits: SearchHit[], evidenceOf: HitEvidence, opts: AnswerabilityOptions, sentencesOf: PassageSentences = (p) => splitPassage(p.text)): ArticleExamination[] {
  // Names may be referred to in the sentence as 他/该国; numbers and dates must be in it.
  const credited = q.prepared.units.map((u) => !!u.specific && !u.alternatives.some((a) => /\d/.test(a)));
  const out: ArticleExamination[] = [];
  for (let i = 0; i < hits.length && out.length < opts.articles; i++) {
    const hit = hits[i]!;
    if (hit.relevance < opts.minRelevance) continue;
    const evidence = evidenceOf(hit);
    const articlePresence = withRecutNames(q, unitPresence(q.prepared, evidence), evidence, opts.minSpecific);
    const timeless = evidence.length > 0 && evidence.every((e) => e.timeless);
    // Only an English question's names go through translation; a Latin word in a Chinese question (NATO, a model
    // number) may be written in Chinese by the articles, so its absence proves nothing.
    const { lacking, share } = lackingSpecifics(q.prepared, articlePresence, opts.minSpecific, q.english ? opts.unconfirmedNames : 0, timeless);
    const windows = share > maxMissing(q, opts) ? [] : supportWindows(q, i, hit, articlePresence, credited, sentencesOf);
    out.push({ hit: i, lacking, missingShare: share, windows });
  }
  return out;
}

/**
 * Hits below the relevance bar that still show every specific of the question (it has
 * at least one): in a collection where every article names the same minister, his name
 * weighs little, yet a question about him touches them all.
 */
function touchingHits(q: QuestionEvidence, hits: SearchHit[], evidenceOf: HitEvidence, opts: AnswerabilityOptions): number[] {
  if (!q.prepared.units.some((u, i) => u.specific && !q.prepared.unverifiable[i])) return [];
  const touching: number[] = [];
  for (let i = 0; i < hits.length && i < opts.articles; i++) {
    if (hits[i]!.relevance <= 0) continue;
    const evidence = evidenceOf(hits[i]!);
    const presence = withRecutNames(q, unitPresence(q.prepared, evidence), evidence, opts.minSpecific);
    const { lacking } = lackingSpecifics(q.prepared, presence, opts.minSpecific, q.english ? opts.unconfirmedNames : 0);
    if (lacking.length === 0) touching.push(i);
  }
  return touching;
}

/** A Chinese specific the tagger cut out of a longer name counts as shown when the article holds that name. */
function withRecutNames(q: QuestionEvidence, presence: number[], evidence: Evidence, min: number): number[] {
  if (q.english) return presence;
  return presence.map((p, i) => {
    const u = q.prepared.units[i]!;
    if (p >= min || !u.specific) return p;
    const fragment = u.label ?? u.alternatives[0]!;
    return evidence.some((e) => recutFragmentShown(q.form, fragment, e.text)) ? min : p;
  });
}

function maxMissing(q: QuestionEvidence, opts: AnswerabilityOptions): number {
  return q.english ? opts.maxMissing.english : opts.maxMissing.chinese;
}

const YEAR = /^(?:1[5-9]|20)\d\d$/;
const MONTH = /^(?:january|february|march|april|june|july|august|september|october|november|december)$/i;

/** Supporting windows kept: the answer quotes at most a few sentences. */
const SUPPORT_MAX = 6;
const SUPPORT_PER_ARTICLE = 3;

/** Does a window show enough of the question, per the options? */
function supports(q: QuestionEvidence, w: ExaminedWindow, opts: AnswerabilityOptions): boolean {
  const verifiable = q.prepared.unverifiable.filter((u, i) => !u && !q.prepared.filler[i]).length;
  const minShown = Math.min(verifiable, q.english ? opts.minShown.english : opts.minShown.chinese);
  return w.coverage >= (q.english ? opts.minSupport.english : opts.minSupport.chinese) && w.direct >= (q.english ? opts.minDirect.english : opts.minDirect.chinese) && w.shown >= minShown && w.focusShown;
}

/** The question's specifics it puts something at (「李尚福在莫斯科会见了谁」: 莫斯科). */
function placesAsked(q: QuestionEvidence): string[] {
  if (q.english) return [];
  return q.prepared.units.filter((u) => u.specific && u.label && q.form.includes(`在${u.label}`)).map((u) => u.label!);
}

/**
 * A sentence that puts its event at another place (「李尚福周一在北京会见…」) is about
 * another event than the question's (「…在莫斯科会见了谁」), whatever else it shares.
 * Only sentences that do not name the asked place are tagged.
 */
function samePlace(asked: string[], text: string): boolean {
  if (asked.every((p) => text.includes(p))) return true;
  const places = placesAt(text);
  return places.length === 0 || places.some((p) => asked.includes(p));
}

/** Presence at which a unit counts as shown by a window. */
const SHOWN = 0.5;

export function assessAnswerability(
  q: QuestionEvidence, hits: SearchHit[], evidenceOf: HitEvidence, opts: AnswerabilityOptions = DEFAULT_ANSWERABILITY, sentencesOf?: PassageSentences,
): Assessment {
  const examined = examineHits(q, hits, evidenceOf, opts, sentencesOf);
  const base = { type: q.type, missing: examined[0]?.lacking ?? [], support: [] as SupportWindow[] };
  if (examined.length === 0) return { ...base, answerable: false, reason: 'no-relevant-article', touching: touchingHits(q, hits, evidenceOf, opts) };
  const withSpecifics = examined.filter((e) => e.missingShare <= maxMissing(q, opts));
  if (withSpecifics.length === 0) return { ...base, answerable: false, reason: 'missing-specifics' };
  const at = placesAsked(q);
  const covering = withSpecifics.flatMap((e) => e.windows.filter((w) => supports(q, w, opts) && (at.length === 0 || samePlace(at, w.text))));
  if (covering.length === 0) return { ...base, answerable: false, reason: 'no-supporting-sentence' };
  // Tagging is the costly part: windows are tagged best first, and a few typed ones are enough to answer from.
  // Best first by what the window shows itself: the sentence that names the people answers better than one that says 他.
  // A second sentence that adds nothing is not quoted.
  covering.sort((a, b) => b.direct + b.coverage - (a.direct + a.coverage) || a.hit - b.hit || a.sentences.length - b.sentences.length);
  const support: SupportWindow[] = [];
  const perArticle = new Map<number, number>();
  for (const { text, direct: _d, content: _c, shown: _s, focusShown: _f, ...w } of covering) {
    if (support.length >= SUPPORT_MAX) break;
    // Several articles may hold the answer: one article's windows do not crowd out the next one's.
    if ((perArticle.get(w.hit) ?? 0) >= SUPPORT_PER_ARTICLE) continue;
    if (!holdsAnswerOfType(q.type, text, q.ownText)) continue;
    support.push(w);
    perArticle.set(w.hit, (perArticle.get(w.hit) ?? 0) + 1);
  }
  if (support.length === 0) return { ...base, answerable: false, reason: 'no-answer-of-type' };
  return { ...base, answerable: true, support };
}

/**
 * The question's specifics the article does not show. A name counts as shown when
 * any word of it is ("Nikolai Patrushev": 帕特鲁舍夫); a word that can only match
 * literally and that the corpus never has proves nothing either way.
 */
function lackingSpecifics(prepared: PreparedUnits, presence: number[], min: number, unconfirmed = 0, timeless = false): { lacking: string[]; share: number } {
  const shownSpans = new Set(prepared.units.filter((u, i) => u.span !== undefined && presence[i]! >= min).map((u) => u.span));
  const lacking: string[] = [];
  let missing = 0;
  let total = 0;
  let year = false;
  prepared.units.forEach((u, i) => {
    if (!u.specific) return;
    if (prepared.unverifiable[i]) {
      if (unconfirmed > 0 && !(u.span !== undefined && shownSpans.has(u.span))) {
        total += prepared.weights[i]! * unconfirmed;
        missing += prepared.weights[i]! * unconfirmed;
        lacking.push(u.label ?? u.alternatives[0]!);
      }
      return;
    }
    const shown = presence[i]! >= min || (u.span !== undefined && shownSpans.has(u.span));
    const dated = u.alternatives.some((a) => YEAR.test(a)) || MONTH.test(u.label ?? '');
    // A passage that names no time neither confirms nor contradicts the question's year.
    if (!shown && dated && timeless) return;
    total += prepared.weights[i]!;
    if (shown) return;
    missing += prepared.weights[i]!;
    lacking.push(u.label ?? u.alternatives[0]!);
    // A year or a named month is never translation noise: an article without it is about another time (the 15th
    // Olympics, not Paris 2024).
    if (dated) year = true;
  });
  return { lacking, share: year ? 1 : total > 0 ? missing / total : 0 };
}

/** Sentence windows (one sentence, or two adjacent) of a hit's passages, scored by the share of the question they show. */
function supportWindows(
  q: QuestionEvidence, hitIndex: number, hit: SearchHit, articlePresence: number[], credited: boolean[], sentencesOf: PassageSentences,
): ExaminedWindow[] {
  const out: ExaminedWindow[] = [];
  const seen = new Set<string>();
  for (const passage of hit.passages) {
    const { sentences, forms } = sentencesOf(passage);
    for (let i = 0; i < sentences.length; i++) {
      for (const span of [1, 2]) {
        if (i + span > sentences.length) break;
        const text = forms.slice(i, i + span).join('\n');
        if (seen.has(text)) continue;
        seen.add(text);
        // A unit whose absence proves nothing (an untranslatable name, a tag) neither counts for nor against a window.
        const presence = unitPresence(q.prepared, [textEvidence(text)]).map((p, u) => (q.prepared.unverifiable[u] ? -1 : p));
        // A name anywhere in the article may be referred to in the sentence as 他/该国.
        const shown = presence.map((p, u) => (credited[u] && p >= 0 ? Math.max(p, articlePresence[u]!) : p));
        const direct = weightedShare(q.prepared, presence);
        const content = contentShare(q.prepared, presence);
        const count = presence.filter((p, u) => p >= SHOWN && !q.prepared.filler[u]).length;
        // Unverifiable (-1): its absence proves nothing.
        const focusShown = q.focus === undefined || presence[q.focus]! < 0 || presence[q.focus]! >= SHOWN;
        out.push({ hit: hitIndex, passage, sentences: sentences.slice(i, i + span), coverage: weightedShare(q.prepared, shown), text, direct, content, shown: count, focusShown });
      }
    }
  }
  return out;
}

/**
 * Share of the question's non-name units (its predicate and objects: 出任, 建议,
 * "destroyer") the window shows; 1 when the question is all names. Names place a
 * window in the story; these say whether it tells the asked-for part of it.
 */
function contentShare(prepared: PreparedUnits, presence: readonly number[]): number {
  const masked = presence.map((p, u) => (prepared.units[u]!.specific ? -1 : p));
  return masked.some((p, u) => p >= 0 && !prepared.filler[u]) ? weightedShare(prepared, masked) : 1;
}

/** How far source text holds a claim (a sentence of a generated answer, in any of the three languages). */
export interface ClaimSupport {
  /** Weighted share of the claim's units the sources show. */
  coverage: number;
  /** The claim's specifics (names, numbers, dates) the sources lack. */
  missing: string[];
  missingShare: number;
}

export function claimSupport(claim: QuestionEvidence, sources: Evidence, minSpecific = DEFAULT_ANSWERABILITY.minSpecific): ClaimSupport {
  const presence = unitPresence(claim.prepared, sources);
  const { lacking, share } = lackingSpecifics(claim.prepared, presence, minSpecific);
  return { coverage: weightedShare(claim.prepared, presence), missing: lacking, missingShare: share };
}
