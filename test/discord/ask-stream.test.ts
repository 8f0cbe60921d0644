/** /ask with a generative answerer: streamed, throttled edits; and error reporting. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericErrorMessage } from '../../src/answer/messages.js';
import type { AskOptions } from '../../src/types.js';
import { FakeAnswerer } from './helpers/fake-kb.js';
import { is, messageBodies, startHarness, type Harness } from './helpers/harness.js';

const STREAMED = '北京出现有气象记录以来最大降雨，河北涿州等地遭遇严重洪灾，大量居民被疏散，救援仍在进行中。 [1]';

class FlakyAnswerer extends FakeAnswerer {
  override async ask(question: string, opts?: AskOptions) {
    if (question.includes('BOOM')) throw new Error('index exploded at /secret/path');
    if (question.includes('LLMDOWN')) throw Object.assign(new Error('upstream 503'), { userMessage: 'AI 服务暂时不可用。/ The AI service is unavailable.' });
    return super.ask(question, opts);
  }
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    answerer: (kb) => new FlakyAnswerer(kb, { mode: 'generative', answerText: () => STREAMED, deltaChars: 2, deltaDelayMs: 80 }),
  });
});
afterAll(async () => {
  await h?.close();
});

describe('/ask streaming', () => {
  it('streams by editing the deferred reply about once a second, then shows answer + sources', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('ask', { question: '北京洪灾怎么样？' });
    await h.server.waitFor((c) => is.editOriginal(token)(c) && c.body?.components?.length > 0, 10_000, since);
    const calls = h.server.calls.slice(since).filter((c) => c.path.includes(token));
    expect(calls[0]?.body.type).toBe(5);
    const edits = calls.filter(is.editOriginal(token));
    const previews = edits.filter((c) => c.body.content.endsWith('▌'));
    expect(previews.length).toBeGreaterThanOrEqual(2);
    // Throttled: never more than one preview per ~second of streaming (robust to a slow machine).
    const streamedMs = previews.at(-1)!.at - calls[0]!.at;
    expect(previews.length).toBeLessThanOrEqual(Math.floor(streamedMs / 900) + 1);
    for (let i = 1; i < previews.length; i++) expect(previews[i]!.at - previews[i - 1]!.at).toBeGreaterThanOrEqual(900);
    // Previews grow; the final edit is the whole answer with sources and buttons.
    expect(previews[0]!.body.content.length).toBeLessThan(previews.at(-1)!.body.content.length);
    const final = edits.at(-1)!;
    expect(final.body.content).toContain(STREAMED);
    expect(final.body.content).toContain('**来源**');
    expect(edits.indexOf(final)).toBe(edits.length - 1);
  });
});

describe('errors on slash commands are ephemeral', () => {
  it('unexpected errors show a generic bilingual message (no details)', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('ask', { question: 'BOOM 北京' });
    const follow = await h.server.waitFor((c) => c.method === 'POST' && c.path.endsWith(`/${token}`), 5000, since);
    expect(follow.body).toMatchObject({ content: genericErrorMessage(), flags: 64 });
    expect(h.server.calls.slice(since).some((c) => c.method === 'DELETE' && c.path.includes(token))).toBe(true);
  });

  it('errors with a userMessage show that message', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('ask', { question: 'LLMDOWN 北京' });
    const follow = await h.server.waitFor((c) => c.method === 'POST' && c.path.endsWith(`/${token}`), 5000, since);
    expect(follow.body).toMatchObject({ content: 'AI 服务暂时不可用。/ The AI service is unavailable.', flags: 64 });
  });

  it('every payload, previews included, had allowed_mentions with empty parse', () => {
    for (const { body } of messageBodies(h.server.calls)) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
