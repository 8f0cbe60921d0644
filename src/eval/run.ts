/**
 * Runs a question set against one index under one retrieval configuration:
 * ranked articles for the recall figures, the extractive answer for refusal and
 * answer hits, and the wall time of both.
 */
import { ExtractiveAnswerer } from '../answer/extractive.js';
import { assessHits, DEFAULT_TUNING, hybridSearch, queryTerms, type HybridTuning, type QueryExpander } from '../retrieve/hybrid.js';
import type { LoadedKnowledgeBase, ServedSnapshot } from '../retrieve/knowledge-base.js';
import type { KnowledgeBase, SearchHit, SearchOptions } from '../types.js';
import type { QueryOutcome } from './metrics.js';
import { newsChecks } from './news-checks.js';
import { newsSearch, shingleMemo, understand, type NewsSearchContext } from '../retrieve/news-search.js';
import { todayIso } from '../text/dates.js';
import type { EvalQuery } from './queries.js';

export interface Variant {
  name: string;
  tuning: HybridTuning;
}

/** The --ablate rows: each retrieval side alone, fused, then fused with cross-lingual expansion. */
export const ABLATIONS: Variant[] = [
  { name: 'lexical only', tuning: { ...DEFAULT_TUNING, useVector: false, useExpansion: false } },
  { name: 'vector only', tuning: { ...DEFAULT_TUNING, useLexical: false, useExpansion: false } },
  { name: 'hybrid', tuning: { ...DEFAULT_TUNING, useExpansion: false } },
  { name: 'hybrid + expansion', tuning: { ...DEFAULT_TUNING } },
];

/**
 * The loaded index searched with a given tuning. The last unfiltered search is
 * remembered so the answerer's own search of the same question (at a smaller k)
 * costs nothing and the timing counts retrieval once.
 */
export class TunedKnowledgeBase implements KnowledgeBase {
  private last?: { key: string; k: number; hits: SearchHit[] };
  private readonly news: NewsSearchContext;

  constructor(
    private readonly kb: LoadedKnowledgeBase<ServedSnapshot>, private readonly tuning: HybridTuning, private readonly expand?: QueryExpander,
    minRelevance = 0.3, private readonly referenceDate?: string,
  ) {
    this.news = {
      search: (q, opts) => hybridSearch(this.kb, q, opts, this.expand, this.tuning),
      referenceDate: () => this.referenceDate ?? todayIso(),
      minRelevance,
      shinglesOf: shingleMemo((id) => {
        const a = this.kb.getArticle(id);
        return a && `${a.title}\n${a.text}`;
      }),
    };
  }

  /** Questions are understood as the bot understands them (news-search.ts), each at its own `now`. */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const k = opts.k ?? 5;
    const key = JSON.stringify([query, opts.source, opts.from, opts.to, opts.now]);
    if (this.last && this.last.key === key && this.last.k >= k) return this.last.hits.slice(0, k);
    const hits = await newsSearch(this.news, query, opts);
    this.last = { key, k, hits };
    return hits;
  }

  assess(question: string, hits: SearchHit[], minRelevance: number) {
    return assessHits(this.kb, this.understand(question).topic, hits, minRelevance, this.expand, this.tuning);
  }

  understand(question: string, now?: string) {
    return understand(question, now ?? this.news.referenceDate());
  }

  newest(k: number, source?: string) {
    return this.kb.newest(k, source);
  }

  queryTerms(question: string): { term: string; weight: number }[] {
    const { terms } = queryTerms(this.understand(question).topic, this.tuning.useExpansion ? this.expand : undefined, this.kb.lexical);
    return terms.map(({ term, weight }) => ({ term, weight: weight * this.kb.lexical.idf(term) }));
  }

  getArticle(idOrUrl: string) {
    return this.kb.getArticle(idOrUrl);
  }

  findTitles(text: string, limit?: number) {
    return this.kb.findTitles(text, limit);
  }

  related(articleId: string, k?: number) {
    return this.kb.related(articleId, k);
  }

  stats() {
    return this.kb.stats();
  }
}

export interface RunOptions {
  /** Articles retrieved per question for the recall figures. */
  k: number;
  /** Articles the answerer looks at (the bot's RETRIEVAL_K). */
  answerK: number;
  minRelevance: number;
  expand?: QueryExpander;
  referenceDate?: string;
  onProgress?: (done: number, total: number) => void;
}

export async function runQueries(kb: LoadedKnowledgeBase<ServedSnapshot>, tuning: HybridTuning, queries: EvalQuery[], opts: RunOptions): Promise<QueryOutcome[]> {
  const tuned = new TunedKnowledgeBase(kb, tuning, opts.expand, opts.minRelevance, opts.referenceDate);
  const answerer = new ExtractiveAnswerer(() => tuned, { k: opts.answerK, minRelevance: opts.minRelevance });
  const outcomes: QueryOutcome[] = [];
  for (const [i, q] of queries.entries()) {
    const started = performance.now();
    const hits = await tuned.search(q.q, { k: Math.max(opts.k, opts.answerK), now: q.now });
    const answer = await answerer.ask(q.q, { now: q.now });
    const ms = performance.now() - started;
    outcomes.push({
      id: q.id, lang: q.lang, q: q.q, gold: q.gold, answers: q.answers,
      ranked: hits.slice(0, opts.k).map((h) => h.article.url),
      grounded: answer.grounded, answer: answer.answer, ms,
      ...newsChecks(q, hits, tuned.understand(q.q, q.now).constraints),
    });
    opts.onProgress?.(i + 1, queries.length);
  }
  return outcomes;
}
