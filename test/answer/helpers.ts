/** In-memory stand-ins for the retrieval side and the extractive answerer. */
import type { Answer, AnswerStream, Answerer, ArticleMeta, AskOptions, KnowledgeBase, Passage, SearchHit } from '../../src/types.js';

export function article(n: number, over: Partial<ArticleMeta> = {}): ArticleMeta {
  return {
    id: `a${n}`,
    url: `https://www.rfa.org/mandarin/a${n}.html`,
    title: `标题${n}`,
    source: '自由亚洲电台',
    publishedAt: `2023-08-1${n % 10}T00:00:00.000Z`,
    script: 'Hans',
    ...over,
  };
}

export function hit(n: number, relevance: number, texts: string[], over: Partial<ArticleMeta> = {}): SearchHit {
  const a = article(n, over);
  const passages: Passage[] = texts.map((text, i) => ({ chunkId: `${a.id}:${i}`, article: a, text, score: 1 - i * 0.1 }));
  return { article: a, score: relevance, relevance, passages };
}

export interface FakeKb extends KnowledgeBase {
  queries: string[];
}

/** A KnowledgeBase whose search returns `hits` (or hits by query) and records queries. */
export function fakeKb(hits: SearchHit[] | ((query: string) => SearchHit[])): FakeKb {
  const queries: string[] = [];
  return {
    queries,
    async search(query) {
      queries.push(query);
      return typeof hits === 'function' ? hits(query) : hits;
    },
    claimSupport: bigramSupport,
    getArticle: () => undefined,
    findTitles: () => [],
    related: async () => [],
    stats: () => ({ articles: 0, chunks: 0, sources: {}, builtAt: '', embedder: { kind: 'local', model: 'x', dimensions: 1 } }),
  };
}

/**
 * Stand-in for the index's claim check: the share of the claim's Chinese bigrams and
 * Latin words the texts contain, and the share of its numbers they lack.
 */
export function bigramSupport(claim: string, texts: string[]): { coverage: number; missing: string[]; missingShare: number } {
  const hay = texts.join('\n').toLowerCase();
  const han = [...claim.matchAll(/\p{Script=Han}+/gu)].flatMap((m) => [...m[0]].slice(1).map((c, i) => m[0][i]! + c));
  const words = claim.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  const units = [...han, ...words];
  const numbers = claim.match(/\d+(?:\.\d+)?/g) ?? [];
  const missing = numbers.filter((n) => !hay.includes(n));
  return {
    coverage: units.length ? units.filter((u) => hay.includes(u)).length / units.length : 0,
    missing,
    missingShare: numbers.length ? missing.length / numbers.length : 0,
  };
}

/** Stands in for ExtractiveAnswerer: a fixed, recognisable answer. */
export class FakeExtractive implements Answerer {
  readonly mode = 'extractive' as const;
  calls: Array<{ question: string; opts?: AskOptions }> = [];
  async ask(question: string, opts?: AskOptions): Promise<Answer> {
    this.calls.push({ question, opts });
    return {
      question,
      language: opts?.language ?? 'zh-Hans',
      answer: 'EXTRACTIVE ANSWER [1]',
      citations: [{ n: 1, url: 'https://x/1', title: 't', source: 's', publishedAt: '2023-01-01' }],
      grounded: true,
      mode: 'extractive',
      timings: { retrieve: 1 },
      passages: [],
    };
  }
  stream(question: string, opts?: AskOptions): AnswerStream {
    const final = this.ask(question, opts);
    return {
      final,
      deltas: (async function* () {
        yield (await final).answer;
      })(),
    };
  }
}

export async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const d of it) out.push(d);
  return out;
}
