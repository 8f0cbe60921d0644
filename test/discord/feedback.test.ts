/** 👍/👎 buttons and refusals write JSON lines to FEEDBACK_LOG. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOB, BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import { is, sleep, startHarness, type Harness } from './helpers/harness.js';

const mention = `<@${BOT_USER.id}>`;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function waitForLines(n: number): Promise<Record<string, any>[]> {
  for (let i = 0; i < 50; i++) {
    const lines = await h.readFeedback();
    if (lines.length >= n) return lines;
    await sleep(50);
  }
  throw new Error(`expected ${n} feedback lines`);
}

describe('feedback', () => {
  it('a 👍 click logs question, answer, citations, user and time, and thanks ephemerally', async () => {
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} 北京洪灾是怎么回事？` });
    const answer = await h.server.waitFor(is.channelMessage(CHANNELS.general), 5000, since);
    const [up, down] = answer.body.components[0].components.map((b: any) => b.custom_id as string);
    expect(up).toMatch(/^fb:up:/);
    expect(down).toMatch(/^fb:down:/);

    const click = h.server.clickButton(answer.response.id, up!, BOB);
    const cb = await h.server.waitFor(is.callback(click.token), 5000, since);
    expect(cb.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });

    const [line] = await waitForLines(1);
    expect(line).toMatchObject({
      kind: 'vote',
      vote: 'up',
      question: '北京洪灾是怎么回事？',
      answer: expect.stringContaining('北京出现有气象记录以来最大降雨'),
      citations: [expect.objectContaining({ n: 1, title: '台风杜苏芮带来暴雨 北京遭遇洪灾' })],
      userId: BOB.id,
      messageId: answer.response.id,
    });
    expect(Date.parse(line!.time)).toBeGreaterThan(Date.now() - 60_000);

    h.server.clickButton(answer.response.id, down!);
    const lines = await waitForLines(2);
    expect(lines[1]).toMatchObject({ kind: 'vote', vote: 'down', question: '北京洪灾是怎么回事？' });
  });

  it('a refused (ungrounded) question is logged', async () => {
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} 火星上有没有新闻？` });
    await h.server.waitFor(is.channelMessage(CHANNELS.general), 5000, since);
    const lines = await waitForLines(3);
    expect(lines[2]).toMatchObject({ kind: 'refused', question: '火星上有没有新闻？', citations: [], answer: expect.stringContaining('没有提到') });
  });
});
