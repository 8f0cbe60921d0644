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
});
