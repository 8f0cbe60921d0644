/**
 * Retrieval and answering metrics, as pure functions over per-query outcomes.
 * Definitions follow the shared benchmark's README (shared/bench/README.md): ranks are over distinct article
 * URLs (the first occurrence of each URL counts once), 1-based.
 */
import { normalizeForMatch } from '../text/normalize.js';

/** What one query produced, independent of how it was produced. */
export interface QueryOutcome {
  id: string;
  lang: string;
  /** The question (for reading outcomes; metrics ignore it). */
  q?: string;
  /** Gold article URLs; empty means the corpus cannot answer. */
  gold: string[];
  /** Acceptable answer strings (either script); empty means not scored for answer hits. */
  answers: string[];
  /** Returned article URLs, best first (duplicates allowed; they are folded here). */
  ranked: string[];
  grounded: boolean;
  answer: string;
  /** Search + answer wall time. */
  ms: number;
  /** Questions stating an outlet or period (or not_before / not_after): whether the top 3 all honour it. */
  filter_ok?: boolean;
  /** Lines asking for it: whether both of the first two results are gold. */
  top2_ok?: boolean;
}

export interface Metrics {
  queries: number;
  recall_at_1: number | null;
  recall_at_5: number | null;
  recall_at_10: number | null;
  mrr_at_10: number | null;
  refusal_accuracy: number | null;
  /** Share of the answerable questions answered (grounded). */
  answered_rate: number | null;
  /** Share of the unanswerable questions refused (not grounded). */
  refused_rate: number | null;
  answer_hit_rate: number | null;
  /** Share of the constrained questions whose top 3 results all satisfy the stated outlet and period. */
  filter_accuracy: number | null;
  /** Share of the top2_in_gold lines whose first two results are both gold. */
  top2_in_gold: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface Report extends Metrics {
  by_lang: Record<string, Metrics>;
}

/** URLs in order with repeats removed (several chunks of one article count once). */
export function distinctUrls(urls: string[]): string[] {
  return [...new Set(urls)];
}

/** 1-based rank of the first gold URL among distinct URLs; 0 when absent. */
export function goldRank(ranked: string[], gold: string[]): number {
  const wanted = new Set(gold);
  const i = distinctUrls(ranked).findIndex((u) => wanted.has(u));
  return i + 1;
}

export function hitAt(rank: number, k: number): boolean {
  return rank >= 1 && rank <= k;
}

export function reciprocalRank(rank: number, cutoff = 10): number {
  return hitAt(rank, cutoff) ? 1 / rank : 0;
}

/** Matching form for answer comparison: script-folded, lower-cased, no whitespace. */
export function answerKey(text: string): string {
  return normalizeForMatch(text).replace(/\s+/g, '');
}

/** Does the answer text contain any acceptable answer (either script, any spacing)? */
export function answerHit(answer: string, answers: string[]): boolean {
  const hay = answerKey(answer);
  return answers.some((a) => {
    const needle = answerKey(a);
    return needle.length > 0 && hay.includes(needle);
  });
}

/** Nearest-rank percentile (p in [0, 100]); null for no samples. */
export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Metrics over a set of outcomes. Recall/MRR use answerable queries only; refusal uses all. */
export function summarize(outcomes: QueryOutcome[]): Metrics {
  const answerable = outcomes.filter((o) => o.gold.length > 0);
  const ranks = answerable.map((o) => goldRank(o.ranked, o.gold));
  const scored = answerable.filter((o) => o.answers.length > 0);
  const times = outcomes.map((o) => o.ms);
  return {
    queries: outcomes.length,
    recall_at_1: mean(ranks.map((r) => (hitAt(r, 1) ? 1 : 0))),
    recall_at_5: mean(ranks.map((r) => (hitAt(r, 5) ? 1 : 0))),
    recall_at_10: mean(ranks.map((r) => (hitAt(r, 10) ? 1 : 0))),
    mrr_at_10: mean(ranks.map((r) => reciprocalRank(r))),
    refusal_accuracy: mean(outcomes.map((o) => (o.grounded === o.gold.length > 0 ? 1 : 0))),
    answered_rate: mean(answerable.map((o) => (o.grounded ? 1 : 0))),
    refused_rate: mean(outcomes.filter((o) => o.gold.length === 0).map((o) => (o.grounded ? 0 : 1))),
    answer_hit_rate: mean(scored.map((o) => (o.grounded && answerHit(o.answer, o.answers) ? 1 : 0))),
    filter_accuracy: mean(outcomes.flatMap((o) => (o.filter_ok === undefined ? [] : [o.filter_ok ? 1 : 0]))),
    top2_in_gold: mean(outcomes.flatMap((o) => (o.top2_ok === undefined ? [] : [o.top2_ok ? 1 : 0]))),
    p50_ms: percentile(times, 50),
    p95_ms: percentile(times, 95),
  };
}

/** Overall metrics plus the same figures per query language. */
export function report(outcomes: QueryOutcome[]): Report {
  const langs = [...new Set(outcomes.map((o) => o.lang))].sort();
  const by_lang: Record<string, Metrics> = {};
  for (const lang of langs) by_lang[lang] = summarize(outcomes.filter((o) => o.lang === lang));
  return { ...summarize(outcomes), by_lang };
}
