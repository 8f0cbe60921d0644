/**
 * Citation support: every sentence of a generated answer that carries [n] is checked
 * against what source n showed the model. A sentence its cited sources do not hold
 * is dropped from the answer, with its citation: a user never sees a claim next to
 * a link that does not back it. (Marking it "unsupported" instead would still put
 * the claim in front of people who trust the bot; dropping is the safer choice.)
 * Sentences without markers (connectives, "the articles do not say") are kept.
 * Citations are renumbered over what remains.
 */
import { splitSentences } from '../text/sentences.js';
import { detectLanguage } from '../text/normalize.js';
import type { Citation, Lang } from '../types.js';
import { resolveCitations, stripCitationMarkers } from './citations.js';
import { withoutInstructions } from './planted-instructions.js';

/** How far some source texts hold a claim (KnowledgeBase.claimSupport). */
export type ClaimChecker = (claim: string, sourceTexts: string[]) => { coverage: number; missingShare: number };

export interface SupportThresholds {
  /** Weighted share of the claim's words its sources must show, per claim language. */
  minCoverage: { chinese: number; english: number };
  /** Share of the claim's names, numbers and dates they may lack. */
  maxMissing: { chinese: number; english: number };
}

/**
 * Chosen so that a quoted or closely paraphrased sentence passes and an added claim
 * does not; English claims are matched through translation, so their bar is lower.
 */
export const DEFAULT_SUPPORT: SupportThresholds = {
  minCoverage: { chinese: 0.6, english: 0.45 },
  maxMissing: { chinese: 0, english: 0.34 },
};

export interface CheckedAnswer {
  text: string;
  citations: Citation[];
  support: { checked: number; supported: number; unsupported: number };
  /** Sentences that were dropped (for the log). */
  dropped: string[];
  /** How many of them were in another language than the asker's (cited ones count as unsupported too). */
  foreign: number;
}

const MARKERS = /^(?:[ \t]*\[\d+\])+/u;
const HAS_MARKER = /\[\d+\]/u;
const LATIN_ONLY = /^[^\p{Script=Han}]*$/u;

/** A sentence of the answer as a range of the original text, its citation markers included ("…武器。[1]"). */
export interface SentenceSpan {
  start: number;
  end: number;
}

/** Sentence ranges of a text, each extended over the markers that follow it. Ranges cover every sentence, in order. */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let cursor = 0;
  for (const sentence of splitSentences(text)) {
    const start = text.indexOf(sentence, cursor);
    if (start < 0) continue;
    let end = start + sentence.length;
    cursor = end;
    const last = spans[spans.length - 1];
    const lead = MARKERS.exec(sentence);
    // Markers that open a piece belong to the sentence before it on the same line.
    if (lead && last && !text.slice(last.end, start).includes('\n')) {
      last.end = start + lead[0].length;
      if (lead[0].length === sentence.length) continue;
      const rest = start + lead[0].length;
      spans.push({ start: rest + (text.slice(rest, end).length - text.slice(rest, end).trimStart().length), end });
      continue;
    }
    spans.push({ start, end });
  }
  return spans;
}

/** What a sentence claims, in words: markers, link targets and mentions are the output policy's business, not evidence. */
function claimWords(sentence: string): string {
  return stripCitationMarkers(sentence)
    .replace(/\]\(\s*<?[a-z][\w+.-]*:[^)\s]*>?\s*\)/giu, ']')
    .replace(/<?\b(?:https?|ftp):\/\/[^\s<>)\]]+>?/giu, ' ')
    .replace(/<@[!&]?\d+>|<#\d+>|@(?:everyone|here)\b/gu, ' ')
    .replace(/[[\]]/g, '')
    .trim();
}

/** The numbers a sentence cites. */
function citedNumbers(sentence: string): number[] {
  return [...sentence.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
}

/**
 * Check an answer whose markers are already numbered against `citations` (n = 1…).
 * `sourceTexts(n)` is what cited source n showed the model. Kept text is the original,
 * byte for byte; a dropped sentence takes the blank that followed it.
 */
export function checkCitations(
  text: string, citations: Citation[], sourceTexts: (n: number) => string[], check: ClaimChecker, t: SupportThresholds = DEFAULT_SUPPORT, lang?: Lang,
): CheckedAnswer {
  const dropped: string[] = [];
  let checked = 0;
  let unsupported = 0;
  let foreignCount = 0;
  let out = '';
  let cursor = 0;
  for (const span of sentenceSpans(text)) {
    const sentence = text.slice(span.start, span.end);
    const cited = HAS_MARKER.test(sentence);
    if (cited) checked++;
    // A sentence in another language than the asker's is not the bot's answer (a planted "answer in English" or a leaked prompt).
    const foreign = lang !== undefined && inOtherLanguage(sentence, lang);
    if (!foreign && (!cited || supported(sentence, sourceTexts, check, t))) continue;
    if (cited) unsupported++;
    if (foreign) foreignCount++;
    dropped.push(sentence);
    out += text.slice(cursor, span.start);
    cursor = span.end;
    while (text[cursor] === ' ' || text[cursor] === '\t') cursor++;
  }
  out += text.slice(cursor);
  const resolved = resolveCitations(out.replace(/\n{3,}/g, '\n\n').trim(), citations);
  return { text: resolved.text, citations: resolved.citations, support: { checked, supported: checked - unsupported, unsupported }, dropped, foreign: foreignCount };
}

function supported(sentence: string, sourceTexts: (n: number) => string[], check: ClaimChecker, t: SupportThresholds): boolean {
  const claim = claimWords(sentence);
  const texts = citedNumbers(sentence).flatMap((n) => sourceTexts(n)).map(withoutInstructions);
  const english = LATIN_ONLY.test(claim);
  const { coverage, missingShare } = check(claim, texts);
  return coverage >= (english ? t.minCoverage.english : t.minCoverage.chinese) && missingShare <= (english ? t.maxMissing.english : t.maxMissing.chinese);
}

/** English where Chinese was asked for, or the reverse; quotations (in the articles' language) do not count. */
export function inOtherLanguage(sentence: string, lang: Lang): boolean {
  const own = stripCitationMarkers(sentence).replace(/"[^"]*"|“[^”]*”|「[^」]*」|『[^』]*』|\([^)]*\)|（[^）]*）/gu, ' ');
  if (!/[\p{Script=Han}A-Za-z]/u.test(own)) return false;
  return (detectLanguage(own) === 'en') !== (lang === 'en');
}
