/**
 * The real chat client against the fake OpenAI server, over a real seeds index: the
 * model quotes one sentence of source 1 with [1] and adds a claim no source holds,
 * also cited [1]. The quote reaches the user; the invented claim does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import { createChatModel } from '../../src/answer/llm.js';
import { loadExpander } from '../../src/app/expander.js';
import { toPayloads } from '../../src/discord/format.js';
import { formatAnswer } from '../../src/present/answer-text.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { quotingModel } from '../../fakes/obedient-model.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { buildSeedsIndex, cleanup, tempDir } from '../helpers/corpus.js';
import { collect } from './helpers.js';

const INVENTED_ZH = '此外，美国已向日本交付了五百架战斗机。';
const INVENTED_EN = ' Japan also received five hundred fighter jets from America.';

let index = '';
let kb: LoadedKnowledgeBase;
let fake: FakeOpenAI;
beforeAll(async () => {
  index = await tempDir('qa-support-');
  await buildSeedsIndex(index);
  kb = await openKnowledgeBase(index, { expand: await loadExpander() });
  fake = await startFakeOpenAI();
}, 60_000);
afterAll(async () => {
  await fake.close();
  await cleanup(index);
});

function answerer() {
  const chat = createChatModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'fake-chat', temperature: 0, timeoutMs: 5000, maxRetries: 0 });
  const fallback = new ExtractiveAnswerer(() => kb, { k: 5, minRelevance: 0.3 });
  return new GenerativeAnswerer({ kb: () => kb, chat, fallback, k: 5, minRelevance: 0.3, requireCitations: true, tokenBudget: 3000 });
}

describe('citation support with the real checker', () => {
  it('keeps the quoted sentence and drops the invented claim cited to the same source, streamed or not', async () => {
    fake.chat.reply = quotingModel(INVENTED_ZH);
    const stream = answerer().stream('美日韩峰会在哪里举行？');
    await collect(stream.deltas);
    const a = await stream.final;
    expect(a.support).toEqual({ checked: 2, supported: 1, unsupported: 1 });
    expect(a.answer).toMatch(/\[1\]$/);
    expect(a.answer).not.toContain('战斗机');
    expect(a.citations).toHaveLength(1);
    // What Discord's final edit shows is the checked answer.
    const discord = toPayloads(formatAnswer(a)).map((p) => p.content).join('\n');
    expect(discord).not.toContain('战斗机');
  });

  it('checks an English claim over Chinese sources through translation', async () => {
    // An English answer to an English question: the quote is the source's own sentence, the claim is invented.
    fake.chat.reply = (req) => {
      const user = (req.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')?.content ?? '';
      return user.includes('<source id=') ? `The leaders of the United States, Japan and South Korea will hold a summit at Camp David [1].${INVENTED_EN} [1]` : 'OK';
    };
    const a = await answerer().ask('Where will the US, Japan and South Korea hold their summit?');
    expect(a.support?.checked).toBe(2);
    expect(a.answer).not.toContain('fighter jets');
  });

  it('an answer with nothing supported falls back to the extractive answer', async () => {
    fake.chat.reply = (req) => {
      const user = (req.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')?.content ?? '';
      return user.includes('<source id=') ? `${INVENTED_ZH}[1]` : 'OK';
    };
    const a = await answerer().ask('美日韩峰会在哪里举行？');
    expect(a.fallback).toBe('unsupported');
    expect(a.mode).toBe('extractive');
    expect(a.answer).toContain('戴维营');
  });
});
