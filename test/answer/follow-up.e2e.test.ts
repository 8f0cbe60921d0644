/**
 * Conversations end to end in `npm run chat`: the real seeds index and the real
 * extractive answerer. A new topic is answered on its own; a real follow-up is
 * searched as its rewrite, never glued to the previous question.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { notFoundMessage } from '../../src/answer/messages.js';
import { runChat } from '../../src/cli/chat.js';
import { parseConfig } from '../../src/config.js';
import type { KnowledgeBase } from '../../src/types.js';
import { useSeedsKnowledgeBase } from '../helpers/corpus.js';

const seeds = useSeedsKnowledgeBase('qa-followup-');

/** Runs a chat session; returns each answer's text and every search query. */
async function chat(lines: string[]) {
  const queries: string[] = [];
  const kb = seeds();
  const recording: KnowledgeBase = Object.create(kb) as KnowledgeBase;
  recording.search = (q, o) => (queries.push(q), kb.search(q, o));
  const answerer = new ExtractiveAnswerer(() => recording, { k: 5, minRelevance: 0.35 });
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runChat({ kb: () => recording, answerer, config: parseConfig({}), input, output });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  const answers = out.split('问 / ask> ').slice(1).map((s) => s.trim());
  return { answers, queries };
}

describe('chat conversations over the seeds', () => {
  it('answers a new topic on its own, not with the previous answer', async () => {
    const { answers, queries } = await chat(['秦刚跟德国外长会谈后怎么说？', '美日韩三国领导人在哪里开峰会？']);
    expect(answers[0]).toContain('秦刚');
    expect(queries[1]).toBe('美日韩三国领导人在哪里开峰会？');
    expect(answers[1]).toContain('戴维营');
    expect(answers[1]).not.toBe(answers[0]);
  });

  it('a refused question does not drag the next one down', async () => {
    const { answers } = await chat(['火星探测器什么时候发射？', '俄罗斯舰艇最近在哪里被发现？']);
    expect(answers[0]).toContain(notFoundMessage('zh-Hans'));
    expect(answers[1]).toContain('[1]');
  });

  it('searches a pronoun follow-up as its rewrite, in the asker\'s script', async () => {
    const { queries } = await chat(['李尚福四月出訪了哪個國家？', '他在那裡見了誰？']);
    expect(queries[1]).toMatch(/^李尚福在/);
    expect(queries[1]).not.toContain('四月');
  });

  it('searches an ellipsis as the previous question about the new subject', async () => {
    const { queries } = await chat(['李尚福会见了哪位俄罗斯海军将领？', '那普京呢？']);
    expect(queries[1]).toBe('普京会见了哪位俄罗斯海军将领?');
  });

  it('「他后来去了哪里？」 answers with what the later articles report, not the first answer again', async () => {
    const { answers, queries } = await chat(['李尚福4月在莫斯科会见了谁？', '他后来去了哪里？', '他后来又去了哪里？']);
    const first = answers[0]!.split('\n')[1]!;
    expect(answers[0]).toContain('普京');
    expect(answers[1]).not.toContain(first.replace(/\[\d\]$/, ''));
    // The later trips, oldest first, each dated and cited.
    expect(answers[1]).toMatch(/以后关于李尚福的报道，按时间顺序/);
    expect(answers[1]).toMatch(/2023-07-03 美国之音：[^\n]*在北京会见俄罗斯海军总司令[^\n]*\[\d\]/);
    expect(answers[1]).toMatch(/2023-08-15 自由亚洲电台：[^\n]*赴俄罗斯出席第十一届莫斯科国际安全会议，并访问白俄罗斯。\[\d\]/);
    expect(answers[1]!.indexOf('2023-07-03')).toBeLessThan(answers[1]!.indexOf('2023-08-15'));
    // Searched without 「后来」 among articles after the first answer's source.
    expect(queries).toContain('李尚福去了哪里?');
    // Nothing in the corpus is later than the August trip: said so, not repeated.
    expect(answers[2]).toMatch(/^除了上一个回答引用的内容，资料库中没有2023-08-15以后关于李尚福的报道。/);
  });

  it('"Where did he go after that?" in English: the later reports, under an English lead', async () => {
    const { answers } = await chat(['李尚福4月在莫斯科会见了谁？', 'Where did he go after that?']);
    expect(answers[1]).toMatch(/^Reported about 李尚福 after 2023-04-1\d, oldest first/);
    expect(answers[1]).toContain('白俄罗斯');
  });
});
