/** The output policy on hostile text: links, invisible characters, hiding markup, prompt echoes. */
import { describe, expect, it } from 'vitest';
import { safeAnswerText, safeQuotedText } from '../../src/answer/output-policy.js';
import { loadPrompt } from '../../src/answer/prompts.js';
import { promptEchoRemovedMessage } from '../../src/answer/messages.js';
import { toPayloads } from '../../src/discord/format.js';

const CITED = 'https://www.rfa.org/mandarin/a1.html';
/** A clickable link on Discord: masked `[..](..)`, or any http(s) URL outside code. */
const CLICKABLE = /\]\(\s*<?\s*https?:|https?:\/\//i;

describe('links in answer text', () => {
  it('a masked link to anything but a cited source becomes "text (host)"', () => {
    const out = safeAnswerText('李尚福访俄，详情见[官方说明](https://evil.example/phish)。[1]', 'markdown', [CITED]);
    expect(out).toBe('李尚福访俄，详情见官方说明 (evil.example)。[1]');
  });

  it('bare and autolinked URLs become their host; trailing punctuation stays', () => {
    const out = safeAnswerText('见 https://www.evil.example/a?b=1. 或 <http://evil.example/x>，或 ftp://files.evil.example/f', 'plain');
    expect(out).toBe('见 evil.example. 或 evil.example，或 files.evil.example');
  });

  it('keeps a masked or bare link whose target is a cited source', () => {
    const text = `据[自由亚洲电台](${CITED})报道 [1]，原文 ${CITED}。`;
    expect(safeAnswerText(text, 'markdown', [CITED])).toBe(text);
  });

  it('defuses disguises: <target>, titles, escaped slashes, nested brackets, a URL as the label', () => {
    const cases: Array<[string, string]> = [
      ['[a](<https://evil.example/x>)', 'a (evil.example)'],
      ['[a](https://evil.example/x "官方")', 'a (evil.example)'],
      ['[a](https:\\/\\/evil.example/x)', 'a (evil.example)'],
      ['[a [b] c](https://evil.example/x)', 'a [b] c (evil.example)'],
      [`[${CITED}](https://evil.example/x)`, `${CITED} (evil.example)`], // the label may name a cited source; the target is gone
      [`[https://evil.example](${CITED})`, `[evil.example](${CITED})`],
      ['[点这里](javascript:alert(1))', '点这里'],
      ['加入 discord.gg/abc-123 或 discord.com/invite/xyz', '加入 discord.gg 或 discord.com'],
    ];
    for (const [input, want] of cases) expect(safeAnswerText(input, 'plain', [CITED]), input).toBe(want);
  });

  it('leaves citation markers and ordinary brackets alone', () => {
    const text = '美日韩将举行峰会[1][2]，（见附表）[3] (see above).';
    expect(safeAnswerText(text, 'markdown')).toBe(text);
  });

  it('through the Discord formatter nothing clickable is left', () => {
    const hostile = '详情见[官方说明](https://evil.example/phish) 或 https://evil.example/b <https://evil.example/c> @everyone <@&42>';
    for (const p of toPayloads(safeAnswerText(hostile, 'markdown', [CITED]))) {
      expect(p.content).not.toMatch(CLICKABLE);
      expect(p.content).not.toMatch(/@everyone|<@&42>/);
    }
  });
});

describe('invisible characters', () => {
  it('strips zero-width, bidi controls, tag characters and terminal escapes', () => {
    const text = 'a\u200bb\u202ec\u2066d\u2069e\ufeff\u{e0041}f\u001b]8;;https://evil.example\u0007g\u00adh';
    expect(safeAnswerText(text, 'plain')).toBe('abcdef]8;;evil.exampleg' + 'h');
  });
  it('keeps newlines, tabs and emoji', () => {
    expect(safeAnswerText('一\n\t二 😀', 'plain')).toBe('一\n\t二 😀');
  });
});

describe('markup that hides or fakes content (markdown surface only)', () => {
  it('escapes headings, subtext, block quotes, spoilers, code fences and a fake sources heading', () => {
    const text = ['# 重大新闻', '-# 小字', '> 引用', '>>> 全部引用', '||隐藏内容||', '```', '**来源**', '__Sources__:', '正常 **加粗** 文字 [1]'].join('\n');
    expect(safeAnswerText(text, 'markdown').split('\n')).toEqual([
      '\\# 重大新闻', '\\-# 小字', '\\> 引用', '\\>>> 全部引用', '\\|\\|隐藏内容\\|\\|', '\\`\\`\\`', '\\*\\*来源\\*\\*', '\\_\\_Sources\\_\\_:', '正常 **加粗** 文字 [1]',
    ]);
  });
  it('the terminal gets the text unescaped', () => {
    expect(safeAnswerText('# 标题\n||x||', 'plain')).toBe('# 标题\n||x||');
  });
  it('quoted article text is fully escaped and has no links', () => {
    expect(safeQuotedText('# 标题 [点我](https://evil.example) *强调*', 'markdown')).toBe('\\# 标题 点我 (evil.example) \\*强调\\*');
    expect(safeQuotedText('见 https://evil.example/x', 'plain')).toBe('见 evil.example');
  });
});

describe('prompt echoes', () => {
  const system = loadPrompt('system');
  it('drops sentences that repeat the system prompt, keeps the rest', () => {
    const leak = system.split('\n').slice(0, 3).join('\n');
    const out = safeAnswerText(`李尚福两度访俄[1]。\n${leak}\n美日韩举行峰会[2]。`, 'plain');
    expect(out).toContain('李尚福两度访俄[1]。');
    expect(out).toContain('美日韩举行峰会[2]。');
    expect(out).not.toMatch(/careful news research assistant|Ground rules|numbered sources/i);
  });
  it('catches re-spaced and upper-cased copies; an answer that is only the prompt becomes a notice', () => {
    const shouted = system.toUpperCase().replace(/ /g, '  ');
    expect(safeAnswerText(shouted, 'markdown')).toBe(promptEchoRemovedMessage());
  });
  it('does not touch ordinary answers that share a few words with the prompt', () => {
    const text = 'VOA cited the sources as saying the numbered list was outside knowledge of officials [1].';
    expect(safeAnswerText(text, 'plain')).toBe(text);
  });
});
