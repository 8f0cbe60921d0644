/** "Later" follow-ups: what they ask, what the previous answer gave, and what is searched after it. */
import { describe, expect, it } from 'vitest';
import { asksLater, continuationOf, reportsOwnEvent, searchAfterHistory, withoutGiven, withoutLaterWords } from '../../src/answer/continuation.js';
import { standaloneQuestion } from '../../src/answer/follow-up.js';
import type { ArticleMeta, Citation, SearchHit, Turn } from '../../src/types.js';
import { useSeedsKnowledgeBase } from '../helpers/corpus.js';

const citation = (n: number, publishedAt: string): Citation => ({ n, url: `https://example.org/${n}`, title: `t${n}`, source: 'DW', publishedAt });
const APRIL: Turn = {
  question: '李尚福4月在莫斯科会见了谁？',
  answer: '根据资料库中的报道：\n中国国防部长李尚福周日（4月16日）起出访俄罗斯，首日会见了普京。[1]双方强调军事合作。[2]',
  citations: [citation(1, '2023-04-17T10:00:00.000Z'), citation(2, '2023-04-19T08:00:00.000Z')],
};

describe('asksLater / withoutLaterWords', () => {
  it.each(['他后来去了哪里？', '他後來去了哪裡？', '然后呢？', '之后他见了谁？', '接着发生了什么？', 'Where did he go later?', 'And then?', 'What did he do after that?'])('%s asks what came after', (q) => {
    expect(asksLater(q)).toBe(true);
  });

  it.each(['他在那里见了谁？', 'Who did he meet there?', '为什么？'])('%s does not', (q) => {
    expect(asksLater(q)).toBe(false);
  });

  it('takes only the "later" words out', () => {
    expect(withoutLaterWords('李尚福后来去了哪里？')).toBe('李尚福去了哪里？');
    expect(withoutLaterWords('Where did Li Shangfu go after that?')).toBe('Where did Li Shangfu go?');
  });
});

describe('continuationOf', () => {
  it('a "later" follow-up: the topic, the day after the newest source, the sentences already quoted', () => {
    const question = '他后来去了哪里？';
    const c = continuationOf(question, standaloneQuestion(question, [APRIL]), [APRIL])!;
    expect(c).toMatchObject({ topic: '李尚福', searchText: '李尚福去了哪里?', after: '2023-04-19', from: '2023-04-20' });
    expect([...c.given]).toEqual(['中国国防部长李尚福周日(4月16日)起出访俄罗斯,首日会见了普京。', '双方强调军事合作。']);
  });

  it('none for a standalone question, a follow-up that does not ask "later", or a previous answer without sources', () => {
    expect(continuationOf('李尚福后来去了哪里？', '李尚福后来去了哪里？', [APRIL])).toBeUndefined();
    expect(continuationOf('他在那里见了谁？', '李尚福在那里见了谁？', [APRIL])).toBeUndefined();
    expect(continuationOf('他后来去了哪里？', '李尚福后来去了哪里？', [{ ...APRIL, citations: [] }])).toBeUndefined();
  });
});

describe('withoutGiven / reportsOwnEvent', () => {
  const article = { id: 'a', publishedAt: '2023-07-03T00:00:00.000Z' } as ArticleMeta;
  const hit = (text: string): SearchHit => ({ article, score: 1, relevance: 1, passages: [{ chunkId: 'a:0', article, text, score: 1 }] });

  it('drops the quoted sentences from passages, and hits left empty', () => {
    const given = new Set(['双方强调军事合作。']);
    expect(withoutGiven([hit('双方强调军事合作。李尚福在北京会见叶夫梅诺夫。')], given)[0]!.passages[0]!.text).toBe('李尚福在北京会见叶夫梅诺夫。');
    expect(withoutGiven([hit('双方強調軍事合作。')], given)).toEqual([]);
  });

  it('a sentence dated within days of its article reports the article\'s event; background does not', () => {
    expect(reportsOwnEvent('李尚福周一(7月3日)在北京会见俄罗斯海军总司令', article.publishedAt)).toBe(true);
    expect(reportsOwnEvent('李尚福今年4月曾赴俄访问', article.publishedAt)).toBe(false);
    expect(reportsOwnEvent('3月20日习近平赴俄', article.publishedAt)).toBe(false);
  });
});

describe('searchAfterHistory over the seeds (what the generative answerer searches)', () => {
  const seeds = useSeedsKnowledgeBase('qa-later-');

  it('a "later" follow-up gets the later articles about the topic when none answers the question as worded', async () => {
    const kb = seeds();
    const question = '他后来去了哪里？';
    const standalone = standaloneQuestion(question, [APRIL]);
    const plain = await kb.search(standalone, { k: 5 });
    expect(plain.some((h) => h.article.publishedAt < '2023-04-20')).toBe(true);
    const { hits, searchText, later } = await searchAfterHistory(kb, question, standalone, { history: [APRIL], k: 5, minRelevance: 0.3 });
    expect(later?.stage).toBe('topic');
    expect(searchText).toBe('李尚福去了哪里?');
    expect(hits.map((h) => h.article.publishedAt.slice(0, 10)).sort()).toEqual(['2023-07-03', '2023-08-15']);
  });

  it('the question among later articles when they answer it, without the sentences already quoted', async () => {
    const kb = seeds();
    const history: Turn[] = [{ ...APRIL, question: '李尚福4月访问了哪个国家？' }];
    const { hits, later } = await searchAfterHistory(kb, '他后来访问了哪个国家？', '李尚福后来访问了哪个国家？', { history, k: 5, minRelevance: 0.3 });
    expect(later?.stage).toBe('question');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.article.publishedAt >= '2023-04-20').toBe(true);
  });

  it('all articles, less what was quoted, when nothing later is about the topic', async () => {
    const kb = seeds();
    const august: Turn = { ...APRIL, citations: [citation(1, '2023-09-30T00:00:00.000Z')] };
    const { hits, later } = await searchAfterHistory(kb, '他后来去了哪里？', '李尚福后来去了哪里？', { history: [august], k: 5, minRelevance: 0.3 });
    expect(later?.stage).toBe('any');
    const text = hits.flatMap((h) => h.passages.map((p) => p.text)).join('');
    expect(text).not.toContain('双方强调军事合作。');
  });

  it('any other question is searched as it is', async () => {
    const kb = seeds();
    const { hits, searchText, later } = await searchAfterHistory(kb, '李尚福访问了哪个国家？', '李尚福访问了哪个国家？', { history: [APRIL], k: 5, minRelevance: 0.3 });
    expect(later).toBeUndefined();
    expect(searchText).toBe('李尚福访问了哪个国家？');
    expect(hits.map((h) => h.article.id)).toEqual((await kb.search('李尚福访问了哪个国家？', { k: 5 })).map((h) => h.article.id));
  });
});
