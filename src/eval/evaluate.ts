/**
 * One evaluation: (cached) index of the corpus folders → every question under
 * each retrieval variant → a report per variant. No printing; the CLI formats.
 */
import { DEFAULT_TUNING, hybridSearch } from '../retrieve/hybrid.js';
import { openKnowledgeBase, type ServedSnapshot, type SnapshotSource } from '../retrieve/knowledge-base.js';
import type { IndexStore } from '../store/index-store.js';
import type { QueryExpander } from '../retrieve/hybrid.js';
import { ensureEvalIndex, type CachedIndex, type IndexSettings } from './cache.js';
import { report, type QueryOutcome, type Report } from './metrics.js';
import { readQueries } from './queries.js';
import { ABLATIONS, runQueries, type Variant } from './run.js';

export interface EvaluateOptions {
  corpusDirs: string[];
  queriesFile: string;
  cacheDir: string;
  settings: IndexSettings;
  /** Articles retrieved per question for recall (R@10 needs 10). */
  k: number;
  /** The answerer's article count and refusal threshold (the bot's RETRIEVAL_K and MIN_RELEVANCE). */
  answerK: number;
  minRelevance: number;
  ablate: boolean;
  expand?: QueryExpander;
  /** Reference day for questions without their own `now` (REFERENCE_DATE); default today. */
  referenceDate?: string;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Evaluate the index in this database store (DATABASE_URL) instead of a cached local one. */
  store?: IndexStore & SnapshotSource & { where: string };
}

export interface Evaluation {
  index: CachedIndex;
  /** One report per variant, in ABLATIONS order (just the served configuration without ablate). */
  rows: { variant: string; report: Report }[];
  /** Per-question outcomes of the served configuration (the last row), for inspection. */
  outcomes: QueryOutcome[];
}

export const SERVED: Variant = { name: 'hybrid + expansion', tuning: DEFAULT_TUNING };

export async function evaluate(opts: EvaluateOptions): Promise<Evaluation> {
  const queries = await readQueries(opts.queriesFile);
  const index = await ensureEvalIndex(opts.corpusDirs, opts.settings, opts.cacheDir, opts.onProgress, opts.store);
  const kb = await openKnowledgeBase<ServedSnapshot>(index.indexDir, { expand: opts.expand, store: opts.store });
  // Dictionaries, the transliteration model and the segmenter load on first use: keep that out of the latency figures.
  for (const q of ['Which treaty did Angela Merkel sign?', '哪个条约被签署了？']) await hybridSearch(kb, q, { k: 1 }, opts.expand);
  const rows: Evaluation['rows'] = [];
  let last: QueryOutcome[] = [];
  for (const variant of opts.ablate ? ABLATIONS : [SERVED]) {
    const outcomes = await runQueries(kb, variant.tuning, queries, {
      k: opts.k, answerK: opts.answerK, minRelevance: opts.minRelevance, expand: opts.expand, referenceDate: opts.referenceDate,
      onProgress: (d, t) => opts.onProgress?.(variant.name.slice(0, 6), d, t),
    });
    rows.push({ variant: variant.name, report: report(outcomes) });
    last = outcomes;
  }
  return { index, rows, outcomes: last };
}
