/** The eval's news figures: a per-question `now`, filter accuracy and top2_in_gold, over our own dated fixtures. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { evaluate } from '../../src/eval/evaluate.js';
import { summarize, type QueryOutcome } from '../../src/eval/metrics.js';
import { newsChecks } from '../../src/eval/news-checks.js';
import { parseQueries, QueryFileError } from '../../src/eval/queries.js';
import type { SearchHit } from '../../src/types.js';
import { cleanup, tempDir } from '../helpers/corpus.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

const hit = (url: string, source: string, day: string) => ({ article: { id: url, url, title: '', source, publishedAt: `${day}T00:00:00Z`, script: 'Hans' }, score: 1, relevance: 1, passages: [] }) as SearchHit;

describe('question lines with news fields', () => {
  it('reads now, top2_in_gold, not_before / not_after and stated constraints', () => {
    const [q] = parseQueries('{"q":"上个月的报道","now":"2023-05-10","top2_in_gold":true,"not_after":"2023-05-01","source":"DW"}');
    expect(q).toMatchObject({ now: '2023-05-10', top2_in_gold: true, not_after: '2023-05-01', source: 'DW' });
    expect(() => parseQueries('{"q":"x","now":"10 May"}', 'f')).toThrow(QueryFileError);
  });
});

describe('newsChecks', () => {
  const q = { id: 'q', lang: 'zh-Hans', q: '', gold: ['a', 'b'], answers: [] };
  const hits = [hit('a', '德国之声', '2023-04-17'), hit('b', '德国之声', '2023-04-19'), hit('c', '美国之音', '2023-07-03'), hit('d', '美国之音', '2023-09-25')];

  it('checks the top 3 against the stated outlet and period', () => {
    expect(newsChecks(q, hits, { source: '德国之声' }).filter_ok).toBe(false);
    expect(newsChecks(q, hits.slice(0, 2), { source: '德国之声', from: '2023-04-01', to: '2023-04-30' }).filter_ok).toBe(true);
    expect(newsChecks(q, hits, { to: '2023-07-31' }).filter_ok).toBe(true); // the 4th result is not checked
    expect(newsChecks({ ...q, not_after: '2023-05-01' }, hits, {}).filter_ok).toBe(false);
    expect(newsChecks({ ...q, not_before: '2023-04-18' }, hits.slice(1), {}).filter_ok).toBe(true);
    expect(newsChecks(q, hits, {}).filter_ok).toBeUndefined();
  });

  it('top2_in_gold needs both first results gold', () => {
    expect(newsChecks({ ...q, top2_in_gold: true }, hits, {}).top2_ok).toBe(true);
    expect(newsChecks({ ...q, top2_in_gold: true }, [hits[0]!, hits[2]!, hits[1]!], {}).top2_ok).toBe(false);
  });

  it('averages only over the questions that state something', () => {
    const o = (x: Partial<QueryOutcome>): QueryOutcome => ({ id: 'q', lang: 'en', gold: [], answers: [], ranked: [], grounded: false, answer: '', ms: 1, ...x });
    const m = summarize([o({ filter_ok: true }), o({ filter_ok: false, top2_ok: true }), o({})]);
    expect([m.filter_accuracy, m.top2_in_gold]).toEqual([0.5, 1]);
    expect(summarize([o({})]).filter_accuracy).toBeNull();
  });
});

describe('npm run eval over the dated fixtures', () => {
  it('honours every stated constraint with the gold article first', async () => {
    const cache = await tempDir('eval-news-');
    dirs.push(cache);
    const { rows, outcomes } = await evaluate({
      corpusDirs: [join(FIXTURES, 'news-corpus')], queriesFile: join(FIXTURES, 'news-qa.jsonl'), cacheDir: cache,
      settings: { chunkSize: 300, chunkOverlap: 60, maxFileBytes: 2_000_000 }, k: 10, answerK: 5, minRelevance: 0.3, ablate: false,
    });
    const report = rows[0]!.report;
    expect(outcomes.filter((o) => o.ranked[0] && !o.gold.includes(o.ranked[0])).map((o) => o.id)).toEqual([]);
    expect(report).toMatchObject({ recall_at_1: 1, filter_accuracy: 1, top2_in_gold: 1 });
  });
});
