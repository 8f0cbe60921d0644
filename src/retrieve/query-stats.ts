/**
 * Corpus statistics as query analysis reads them: the snapshot's lexicon, plus the
 * memos analysis keeps for one loaded index (held by it, so hot reload drops them
 * with it). An expansion probes thousands of candidate phrases, the same ones
 * question after question.
 */
import { normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { LexicalStats } from '../store/index-store.js';

/** What the expander may ask of the index: how many chunks hold a term. */
export interface ExpansionContext {
  df(term: string): number;
  docCount: number;
  /** Ask for `plainGroups` too (see QueryExpansion), saving a second expansion. */
  plainGroups?: boolean;
}

const DF_MEMO_MAX = 200_000;

export class QueryStats implements LexicalStats {
  private readonly dfMemo = new Map<string, number>();
  /** One per index, so that the expander can memoise per index by its identity. */
  readonly expansion: ExpansionContext;

  constructor(private readonly lexicon: LexicalStats) {
    this.expansion = { df: (t: string) => this.termDf(t), docCount: lexicon.docCount, plainGroups: true };
  }

  get docCount(): number {
    return this.lexicon.docCount;
  }

  get avgDocLength(): number {
    return this.lexicon.avgDocLength;
  }

  df(token: string): number {
    return this.lexicon.df(token);
  }

  dfAll(tokens: string[]): number {
    return this.lexicon.dfAll(tokens);
  }

  idf(token: string): number {
    return this.lexicon.idf(token);
  }

  /** Chunks holding all of a term's tokens: a tight, cheap bound on its df (transliterations need more than any one bigram). */
  termDf(term: string): number {
    const known = this.dfMemo.get(term);
    if (known !== undefined) return known;
    const tokens = tokenize(normalizeForMatch(term));
    const grams = tokens.filter((t) => t.length > 1 || !/\p{Script=Han}/u.test(t));
    const df = this.lexicon.dfAll(grams.length > 0 ? grams : tokens);
    if (this.dfMemo.size >= DF_MEMO_MAX) this.dfMemo.clear();
    this.dfMemo.set(term, df);
    return df;
  }
}
