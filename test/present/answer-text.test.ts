/** A bot message's source list read back into citations (history rebuilt from Discord after a restart). */
import { describe, expect, it } from 'vitest';
import { formatAnswer, parseSourceList, stripSources } from '../../src/present/answer-text.js';
import type { Answer } from '../../src/types.js';

describe('parseSourceList', () => {
  it('reads back the numbered sources formatAnswer wrote, with their dates', () => {
    const answer: Answer = {
      question: '李尚福4月在莫斯科会见了谁？',
      language: 'zh-Hans',
      mode: 'extractive',
      answer: '根据资料库中的报道：\n李尚福会见了普京。[1]俄方重视。[2]',
      citations: [
        { n: 1, url: 'https://www.dw.com/zh/a-65338710', title: '中国防长会见普京 谈加强军事合作', source: '德国之声', publishedAt: '2023-04-17T08:00:00.000Z' },
        { n: 2, url: 'https://www.dw.com/zh/a-65367022', title: '中俄防长会面', source: '德国之声', publishedAt: '2023-04-19T08:00:00.000Z' },
      ],
      grounded: true,
      timings: {},
    };
    const message = formatAnswer(answer);
    expect(parseSourceList(message)).toEqual(answer.citations!.map((c) => ({ ...c, publishedAt: c.publishedAt.slice(0, 10) })));
    expect(parseSourceList(stripSources(message))).toEqual([]);
  });
});
