/** The terminal chat: same logic as the bot, plain text, follow-ups with history. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadPrompt } from '../../src/answer/prompts.js';
import { askOutput } from '../../src/cli/ask-cmd.js';
import { parseSearch, runChat } from '../../src/cli/chat.js';
import { parseConfig } from '../../src/config.js';
import type { Answerer, KnowledgeBase } from '../../src/types.js';
import { FakeAnswerer, FakeKnowledgeBase } from '../discord/helpers/fake-kb.js';

async function chat(lines: string[], make: (kb: () => KnowledgeBase) => Answerer = (kb) => new FakeAnswerer(kb)) {
  const kbObj = new FakeKnowledgeBase();
  const kb = () => kbObj;
  const answerer = make(kb);
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runChat({ kb, answerer, config: parseConfig({ MAX_QUESTION_CHARS: '40' }), input, output, now: () => Date.parse('2023-09-05T00:00:00Z') });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return { out, answerer: answerer as FakeAnswerer, kb: kbObj };
}

describe('npm run chat', () => {
  it('answers with plain-text sources and keeps history for follow-ups; /new resets', async () => {
    const { out, answerer } = await chat(['李尚福出访了哪里？', '美日韩峰会在哪里？', '/new', '北京洪灾？', '/quit', '青年失业率？']);
    expect(out).toContain('中国国防部长李尚福两度出访俄罗斯。 [1]');
    expect(out).toContain('来源\n1. 李尚福出访俄罗斯 美日韩会面 <https://www.rfa.org/mandarin/2023/08/15/li-shangfu-russia.html> — 自由亚洲电台 · 2023-08-15');
    expect(answerer.calls.map((c) => c.opts?.history?.length)).toEqual([0, 1, 0]);
    expect(answerer.calls[1]?.opts?.history?.[0]?.question).toBe('李尚福出访了哪里？');
    expect(out).not.toContain('21.3%');
  });

  it('runs /search, /article, /sources, /stats and /help with shared wording', async () => {
    const { out, kb } = await chat(['/sources', '北京洪灾是怎么回事？', '/sources', '/search 北京洪灾 source:美国之音 from:2023-07-01 limit:2', '/article a1b2c3d4e5f60003', '/article ../../etc/passwd', '/stats', '/nope']);
    expect(out).toContain('No answer here yet');
    expect(out).toMatch(/\[1\] 台风杜苏芮带来暴雨 北京遭遇洪灾 <https:[^>]+> — 美国之音 · 2023-08-01\n {2}│ /);
    expect(kb.searches.find((s) => s.query === '北京洪灾')?.opts).toEqual({ k: 2, source: '美国之音', from: '2023-07-01', to: undefined });
    expect(out).toContain('1. 台风杜苏芮带来暴雨 北京遭遇洪灾 <https://www.voachinese.com/a/typhoon-doksuri-beijing-flood/7210000.html> — 美国之音 · 2023-08-01');
    expect(out).toContain('中国青年失业率创新高 统计局暂停发布\n德国之声 · 2023-08-16');
    expect(out).toContain('No article "../../etc/passwd"');
    expect(out).toContain('文章 / Articles: 3');
    expect(out).toContain('Unknown command /nope');
    expect(out).toContain('/search query');
  });

  it('streams generative answers as they arrive, then prints the sources', async () => {
    const { out } = await chat(['北京洪灾是怎么回事？'], (kb) => new FakeAnswerer(kb, { mode: 'generative', deltaDelayMs: 1 }));
    expect(out).toContain('受台风杜苏芮影响，北京出现有气象记录以来最大降雨。 [1]\n\n来源\n1. 台风杜苏芮');
  });

  it('applies the output policy to streamed and extractive answers and to `ask` output', async () => {
    const hostile = '北京出现有气象记录以来最大降雨，详情见[官方说明](https://evil.example/phish) https://evil.example/x\u202e。 [1]\n' + loadPrompt('system');
    for (const mode of ['generative', 'extractive'] as const) {
      const { out } = await chat(['北京洪灾是怎么回事？'], (kb) => new FakeAnswerer(kb, { mode, deltaDelayMs: 1, deltaChars: 3, answerText: () => hostile }));
      expect(out, mode).toContain('北京出现有气象记录以来最大降雨，详情见官方说明 (evil.example) evil.example。 [1]');
      expect(out, mode).not.toMatch(/evil\.example\/|\u202e|careful news research assistant|Ground rules/);
      expect(out, mode).toContain('<https://www.voachinese.com/a/typhoon-doksuri-beijing-flood/7210000.html>'); // the source list keeps its link
    }
    const printed = askOutput({
      question: 'q', language: 'zh-Hans', answer: hostile, grounded: true, mode: 'generative', timings: {},
      citations: [{ n: 1, url: 'https://www.rfa.org/a.html', title: '标题 https://evil.example/t', source: 'RFA', publishedAt: '2023-08-01' }],
    });
    expect(printed).toBe('北京出现有气象记录以来最大降雨，详情见官方说明 (evil.example) evil.example。 [1]\n\n[1] 标题 evil.example (RFA, 2023-08-01)\n    https://www.rfa.org/a.html\n');
  });

  it('shows user errors and survives unexpected ones', async () => {
    class Broken extends FakeAnswerer {
      override async ask(): Promise<never> {
        throw new Error('boom');
      }
    }
    const { out } = await chat(['长'.repeat(41), '北京？', '/stats'], (kb) => new Broken(kb));
    expect(out).toContain('max 40 characters');
    expect(out).toContain('Something went wrong');
    expect(out).toContain('文章 / Articles: 3');
  });

  it('parses /search options', () => {
    expect(parseSearch('台风 北京 source:RFA to=2023-12-31 limit:3')).toEqual({ query: '台风 北京', source: 'RFA', to: '2023-12-31', limit: 3 });
  });
});
