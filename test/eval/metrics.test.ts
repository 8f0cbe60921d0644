import { describe, expect, it } from 'vitest';
import {
  answerHit, distinctUrls, goldRank, percentile, reciprocalRank, report, summarize, type QueryOutcome,
} from '../../src/eval/metrics.js';
import { parseQueries, QueryFileError } from '../../src/eval/queries.js';

const outcome = (o: Partial<QueryOutcome>): QueryOutcome => ({
  id: 'q', lang: 'zh-Hans', gold: [], answers: [], ranked: [], grounded: false, answer: '', ms: 1, ...o,
});

describe('ranks over distinct article URLs', () => {
  it('folds repeated URLs so several chunks of one article count once', () => {
    expect(distinctUrls(['a', 'a', 'b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
    expect(goldRank(['a', 'a', 'a', 'b'], ['b'])).toBe(2);
  });
  it('takes the first of several gold URLs and 0 when none is returned', () => {
    expect(goldRank(['x', 'g2', 'g1'], ['g1', 'g2'])).toBe(2);
    expect(goldRank(['x', 'y'], ['g'])).toBe(0);
  });
  it('scores MRR@10 as 1/rank inside the cutoff only', () => {
    expect(reciprocalRank(1)).toBe(1);
    expect(reciprocalRank(4)).toBe(0.25);
    expect(reciprocalRank(11)).toBe(0);
    expect(reciprocalRank(0)).toBe(0);
  });
});

describe('summarize', () => {
  const outcomes = [
    outcome({ id: '1', gold: ['a'], ranked: ['a', 'b'], grounded: true, answers: ['戴维营'], answer: '峰会在戴維營举行', ms: 10 }),
    outcome({ id: '2', gold: ['b'], ranked: ['a', 'a', 'b'], grounded: true, answers: ['x'], answer: 'nope', ms: 20 }),
    outcome({ id: '3', gold: ['c'], ranked: ['a', 'b', 'd', 'e', 'f', 'c'], grounded: false, answers: ['c'], ms: 30 }),
    outcome({ id: '4', gold: [], ranked: ['a'], grounded: false, ms: 40, lang: 'en' }),
  ];
  const m = summarize(outcomes);

  it('computes recall and MRR over answerable questions only', () => {
    // ranks 1, 2, 6
    expect(m.recall_at_1).toBeCloseTo(1 / 3);
    expect(m.recall_at_5).toBeCloseTo(2 / 3);
    expect(m.recall_at_10).toBeCloseTo(1);
    expect(m.mrr_at_10).toBeCloseTo((1 + 1 / 2 + 1 / 6) / 3);
  });
  it('counts a refusal as right only for unanswerable questions', () => {
    // q1 grounded+answerable ok, q2 ok, q3 refused an answerable one, q4 refused an unanswerable one
    expect(m.refusal_accuracy).toBeCloseTo(3 / 4);
    // Both sides of the trade, each over its own questions.
    expect(m.answered_rate).toBeCloseTo(2 / 3);
    expect(m.refused_rate).toBe(1);
    expect(summarize(outcomes.slice(0, 3)).refused_rate).toBeNull();
  });
  it('scores answer hits in either script, refusals as misses', () => {
    expect(m.answer_hit_rate).toBeCloseTo(1 / 3);
  });
  it('reports nearest-rank latency percentiles', () => {
    expect(m.p50_ms).toBe(20);
    expect(m.p95_ms).toBe(40);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 95)).toBe(5);
  });
  it('breaks every figure down by language', () => {
    const r = report(outcomes);
    expect(Object.keys(r.by_lang)).toEqual(['en', 'zh-Hans']);
    expect(r.by_lang.en).toMatchObject({ queries: 1, recall_at_1: null, refusal_accuracy: 1, answer_hit_rate: null });
    expect(r.by_lang['zh-Hans']?.queries).toBe(3);
    expect(r.queries).toBe(4);
  });
});

describe('answerHit', () => {
  it('matches across scripts, width and spacing', () => {
    expect(answerHit('中國製的零件', ['中国制'])).toBe(true);
    expect(answerHit('the summit at Camp  David', ['camp david'])).toBe(true);
    expect(answerHit('１２点声明', ['12點聲明'])).toBe(true);
    expect(answerHit('nothing here', ['戴维营', ''])).toBe(false);
  });
});

describe('parseQueries', () => {
  it('reads lines, infers a missing language and defaults gold/answers', () => {
    const qs = parseQueries('{"id":1,"q":"What happened?"}\n\n{"id":"b","q":"發生了什麼？","lang":"zh-Hant","gold":["u"]}\n');
    expect(qs).toEqual([
      { id: '1', q: 'What happened?', lang: 'en', gold: [], answers: [] },
      { id: 'b', q: '發生了什麼？', lang: 'zh-Hant', gold: ['u'], answers: [] },
    ]);
  });
  it('names the file and line of a bad question', () => {
    expect(() => parseQueries('{"q":"ok"}\n{"q":""}', 'set.jsonl')).toThrow(/set\.jsonl:2: q/);
    expect(() => parseQueries('not json', 'set.jsonl')).toThrow(QueryFileError);
  });
});
