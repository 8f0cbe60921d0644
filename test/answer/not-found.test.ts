import { describe, expect, it } from 'vitest';
import { notFoundAnswer, relatedArticles } from '../../src/answer/not-found.js';
import { notFoundMessage } from '../../src/answer/messages.js';
import { toPayloads } from '../../src/discord/format.js';
import { formatAnswer } from '../../src/present/answer-text.js';
import { askOutput } from '../../src/cli/ask-cmd.js';
import { hit } from './helpers.js';

const base = { question: '李尚福在白俄罗斯会见了哪位总统？', mode: 'extractive' as const, timings: {} };
const hits = [hit(1, 0.8, ['李尚福将访问白俄罗斯。'], { title: '李尚福出訪', url: 'https://www.rfa.org/mandarin/a1.html' }), hit(2, 0.1, ['无关'])];

describe('the honest not-found answer', () => {
  it('lists the closest relevant articles in the asker\'s script, as related reading, never as citations', () => {
    const related = relatedArticles(hits, { reason: 'no-answer-of-type' }, 0.3);
    const a = notFoundAnswer({ ...base, language: 'zh-Hans' }, related, 'no-answer-of-type');
    expect(a).toMatchObject({ grounded: false, citations: [], unanswerable: 'no-answer-of-type' });
    expect(a.related?.map((r) => r.url)).toEqual(['https://www.rfa.org/mandarin/a1.html']);
    expect(a.answer.startsWith(notFoundMessage('zh-Hans'))).toBe(true);
    expect(a.answer).toContain('李尚福出访（自由亚洲电台，2023-08-11）');
  });

  it('an off-topic question gets the plain sentence', () => {
    const a = notFoundAnswer({ ...base, language: 'en' }, relatedArticles(hits, { reason: 'no-relevant-article' }, 0.3), 'no-relevant-article');
    expect(a.answer).toBe(notFoundMessage('en'));
    expect(a.related).toEqual([]);
  });

  it('the related links stay links on every surface (they come from the index, not from a model or an article)', () => {
    const a = notFoundAnswer({ ...base, language: 'zh-Hant' }, relatedArticles(hits, { reason: 'missing-specifics' }, 0.3), 'missing-specifics');
    const discord = toPayloads(formatAnswer(a)).map((p) => p.content).join('\n');
    expect(discord).toContain('https://www.rfa.org/mandarin/a1.html');
    expect(discord).not.toMatch(/@everyone|@here/);
    expect(askOutput(a)).toContain('https://www.rfa.org/mandarin/a1.html');
  });
});
