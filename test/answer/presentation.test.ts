/** What the asker sees around an answer: titles in their script, every quoted passage in /sources, chat help, ages. */
import { describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { withTitlesInAskerScript } from '../../src/answer/titles.js';
import { ageText, helpView, sourcesView } from '../../src/present/views.js';
import { plainStyle } from '../../src/present/style.js';
import { fakeKb, hit } from './helpers.js';

const dw = hit(1, 0.9, ['中國外長會見德國外長，雙方討論了烏克蘭問題。', '秦剛表示中國不會向衝突任何一方提供武器。'], {
  title: '中國防長會見普京 談加強軍事合作', source: '德国之声', script: 'Hant', url: 'https://www.dw.com/zh/a-1',
});

describe('titles in the asker\'s script', () => {
  const answerer = withTitlesInAskerScript(new ExtractiveAnswerer(() => fakeKb([dw]), { k: 5, minRelevance: 0.3 }));

  it('a Simplified asker sees a Traditional title in Simplified, in citations and passages', async () => {
    const a = await answerer.ask('秦刚说中国不会向谁提供武器？');
    expect(a.citations[0]?.title).toBe('中国防长会见普京 谈加强军事合作');
    expect(a.passages?.every((p) => p.article.title === '中国防长会见普京 谈加强军事合作')).toBe(true);
  });

  it('a Traditional asker keeps it; streaming gets the same final answer', async () => {
    expect((await answerer.ask('秦剛說中國不會向誰提供武器？')).citations[0]?.title).toBe('中國防長會見普京 談加強軍事合作');
    const s = answerer.stream('秦刚说中国不会向谁提供武器？');
    for await (const _ of s.deltas);
    expect((await s.final).citations[0]?.title).toBe('中国防长会见普京 谈加强军事合作');
  });
});

describe('/sources', () => {
  it('lists the passage the answer quoted even when it is not the article\'s first', async () => {
    const a = await new ExtractiveAnswerer(() => fakeKb([dw]), { k: 5, minRelevance: 0.3 }).ask('秦刚说中国不会向谁提供武器？');
    expect(a.answer).toContain('不会向冲突任何一方提供武器');
    expect(sourcesView(a, plainStyle)).toContain('秦剛表示中國不會向衝突任何一方提供武器。');
  });
});

describe('chat help and ages', () => {
  it('chat /help says how to quit; Discord help does not offer /quit', () => {
    expect(helpView('cli', plainStyle)).toMatch(/\/quit.*Ctrl-D/);
    expect(helpView('discord', plainStyle)).not.toContain('/quit');
  });

  it('ages read as "ago" / 前', () => {
    expect(ageText(2 * 60_000)).toBe('2 分钟前 / 2 min ago');
    expect(ageText(3 * 86_400_000)).toBe('3 天前 / 3 d ago');
  });
});
