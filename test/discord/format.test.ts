import { describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE_CHARS, neutralizeMentions, splitMessage, toPayloads, toPreviewPayload, toSinglePayload, wrapLinks,
} from '../../src/discord/format.js';
import { plainStyle } from '../../src/present/style.js';
import { formatAnswer, formatSourceList } from '../../src/present/answer-text.js';
import { latestView, searchView } from '../../src/present/views.js';
import type { Answer, Citation } from '../../src/types.js';

const citations: Citation[] = [
  { n: 1, url: 'https://www.rfa.org/mandarin/a.html', title: '李尚福出访 [独家] *分析*', source: '自由亚洲电台', publishedAt: '2023-08-15T10:00:00.000Z' },
  { n: 2, url: 'https://www.voachinese.com/a/7210000.html', title: '北京洪灾', source: '美国之音', publishedAt: '2023-08-01T08:30:00.000Z' },
];

const answer = (text: string, extra: Partial<Answer> = {}): Answer => ({
  question: '发生了什么？',
  language: 'zh-Hans',
  answer: text,
  citations,
  grounded: true,
  mode: 'extractive',
  timings: {},
  ...extra,
});

/** Links (masked or bare, wrapped) must be whole inside one message. */
function assertLinksIntact(chunk: string): void {
  const opens = (chunk.match(/\]\(</g) ?? []).length;
  const closes = (chunk.match(/>\)/g) ?? []).length;
  expect(opens).toBe(closes);
  for (const m of chunk.matchAll(/<https?:\/\/[^>\s]*/g)) expect(chunk.slice(m.index + m[0].length, m.index + m[0].length + 1)).toBe('>');
  expect((chunk.match(/\*\*/g) ?? []).length % 2).toBe(0);
}

describe('neutralizeMentions', () => {
  it('makes @everyone, @here, user and role mentions inert but leaves URLs alone', () => {
    const out = neutralizeMentions('@everyone @here <@123> <@!456> <@&789> https://medium.com/@everyone/x');
    expect(out).toBe('@\u200beveryone @\u200bhere <@\u200b123> <@\u200b!456> <@\u200b&789> https://medium.com/@everyone/x');
  });
});

describe('wrapLinks', () => {
  it('wraps bare and masked links in <…>, keeps wrapped ones and code', () => {
    const out = wrapLinks('见 https://a.com/x。 [标题](https://b.com/y) <https://c.com> `https://d.com` (see https://e.com/z).');
    expect(out).toBe('见 <https://a.com/x>。 [标题](<https://b.com/y>) <https://c.com> `https://d.com` (see <https://e.com/z>).');
  });
  it('is idempotent', () => {
    const once = wrapLinks('[t](https://b.com/y) https://a.com');
    expect(wrapLinks(once)).toBe(once);
  });
});

describe('splitMessage', () => {
  it('keeps short text as one message', () => {
    expect(splitMessage('你好。')).toEqual(['你好。']);
  });

  it('splits on Chinese sentence ends, each part within the limit', () => {
    const text = Array.from({ length: 120 }, (_, i) => `这是第${i + 1}句话，用来测试消息拆分是否按照句子边界进行。`).join('');
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(parts.join('')).toBe(text);
  });

  it('does not treat a decimal point as a sentence end', () => {
    const parts = splitMessage('Growth was 3.5 percent. Then it fell.', 30);
    expect(parts).toEqual(['Growth was 3.5 percent.', 'Then it fell.']);
  });

  it('never cuts inside a link; moves the link to the next message', () => {
    const link = '[很长的标题](<https://example.com/a/very/long/path/that/goes/on>)';
    const text = `${'字'.repeat(60)}${link}`;
    const parts = splitMessage(text, 80);
    expect(parts).toEqual(['字'.repeat(60), link]);
  });

  it('falls back to whitespace, then to a hard cut that keeps surrogate pairs', () => {
    expect(splitMessage('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
    const emoji = '😀'.repeat(5); // 10 UTF-16 units
    const parts = splitMessage(emoji, 5);
    expect(parts.join('')).toBe(emoji);
    for (const p of parts) expect(p).toBe([...p].join(''));
  });
});

describe('toPayloads', () => {
  it('every payload has allowedMentions with empty parse', () => {
    for (const p of toPayloads('@everyone hi '.repeat(400))) {
      expect(p.allowedMentions).toEqual({ parse: [] });
      expect(p.content).not.toMatch(/@everyone/);
    }
  });

  it('golden: a long answer with sources splits cleanly', async () => {
    const para = (i: number) =>
      `第${i}段：据报道，**国防部长**出访俄罗斯（见 https://www.rfa.org/mandarin/p${i}.html ）。美日韩峰会寻求共同应对！分析人士指出，局势仍不明朗？ [1]`;
    const body = Array.from({ length: 40 }, (_, i) => para(i + 1)).join('\n\n') + '\n@here <@42>';
    const payloads = toPayloads(formatAnswer(answer(body)));
    for (const p of payloads) {
      expect(p.content.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      assertLinksIntact(p.content);
    }
    await expect(payloads.map((p) => p.content).join('\n=====\n')).toMatchFileSnapshot('golden/long-answer.txt');
  });

  it('links to cited sources survive splitting whole; every other link in the answer is inert', () => {
    const para = (i: number) =>
      `第${i}段：据[自由亚洲电台](${citations[0]!.url})报道，防长出访俄罗斯 [1]。另见[官方说明](https://evil.example/p${i}) https://evil.example/b${i} <https://evil.example/c${i}>。`;
    const body = Array.from({ length: 60 }, (_, i) => para(i + 1)).join('\n\n');
    const payloads = toPayloads(formatAnswer(answer(body)));
    expect(payloads.length).toBeGreaterThan(2);
    const all = payloads.map((p) => p.content).join('\n');
    for (const p of payloads) {
      expect(p.content.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      assertLinksIntact(p.content);
    }
    expect(all.split(`](<${citations[0]!.url}>)`)).toHaveLength(60 + 1 + 1); // 60 in the answer, 1 in the sources list
    expect(all).toContain(`[北京洪灾](<${citations[1]!.url}>)`);
    expect(all).not.toMatch(/https?:\/\/evil/);
    expect(all).toContain('另见官方说明 (evil.example) evil.example evil.example。');
  });

  it('streaming previews get the same policy (no citations known yet: no links at all)', () => {
    const p = toPreviewPayload(`答案[1]，见[说明](${citations[0]!.url}) https://evil.example/x @everyone\n# 大字\n`);
    expect(p.content).toBe('答案[1]，见说明 (rfa.org) evil.example @\u200beveryone\n\\# 大字 ▌');
    // The sentence being written shows once the prompt-echo check can judge it.
    expect(toPreviewPayload('第一句。You are a careful').content).toBe('第一句。 ▌');
    expect(toPreviewPayload('You are a careful').content).toBe('… ▌');
    expect(toPreviewPayload('第一句。北京出现有气象记录以来最大降雨，河北涿州').content).toBe('第一句。北京出现有气象记录以来最大降雨， ▌');
    const long = 'Beijing saw its heaviest rainfall since records began and Hebei';
    expect(toPreviewPayload(long).content).toBe(`${long} ▌`);
  });

  it('toSinglePayload clips to one message', () => {
    const p = toSinglePayload('句子。'.repeat(1000));
    expect(p.content.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(p.content.endsWith('…')).toBe(true);
  });
});

describe('sources', () => {
  it('golden: numbered list of titled links (markdown and plain)', async () => {
    const text = [formatSourceList(citations, 'zh-Hans'), formatSourceList(citations, 'en', plainStyle), formatAnswer(answer('答案 [1][2]', { language: 'zh-Hant' }))].join('\n---\n');
    await expect(text).toMatchFileSnapshot('golden/sources.txt');
  });
  it('no sources, no heading', () => {
    expect(formatAnswer(answer('没有答案', { citations: [] }))).toBe('没有答案');
  });
});

describe('sources of one story', () => {
  it('lists the other outlets\' reports after the cited one', () => {
    const c: Citation = {
      n: 1, url: 'https://www.rfa.org/a', title: '罢工', source: '自由亚洲电台', publishedAt: '2023-03-10T00:00:00Z',
      related: [{ id: 'd', url: 'https://www.dw.com/zh/b', title: '罷工', source: '德国之声', publishedAt: '2023-03-11T00:00:00Z', script: 'Hant' }],
    };
    expect(formatSourceList([c], 'en', plainStyle)).toContain('— 自由亚洲电台 · 2023-03-10 (+ 德国之声 <https://www.dw.com/zh/b> · 2023-03-11)');
  });
});

describe('/search and /latest views of one story', () => {
  it('shows the other outlets under the hit', () => {
    const a = { id: 'r', url: 'https://www.rfa.org/a', title: '罢工', source: '自由亚洲电台', publishedAt: '2023-03-10T00:00:00Z', script: 'Hans' as const };
    const b = { ...a, id: 'd', url: 'https://www.dw.com/zh/b', source: '德国之声', publishedAt: '2023-03-11T00:00:00Z' };
    const hit = { article: a, score: 1, relevance: 1, passages: [], story: 'r', related: [b] };
    const expected = '   ↳ 同一事件 / same story: 德国之声 <https://www.dw.com/zh/b> · 2023-03-11';
    expect(searchView('罢工', [hit], plainStyle)).toContain(expected);
    expect(latestView('罢工', [hit], plainStyle)).toContain(expected);
  });
});
