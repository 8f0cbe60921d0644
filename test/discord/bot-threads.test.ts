/** Threads, listened channels and the channel allow-list, with the real client. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import type { RecordedCall } from '../../fakes/discord-server.js';
import { FakeAnswerer } from './helpers/fake-kb.js';
import { is, messageBodies, sleep, startHarness, type Harness } from './helpers/harness.js';

const mention = `<@${BOT_USER.id}>`;
let h: Harness;
let answerer: FakeAnswerer;

beforeAll(async () => {
  h = await startHarness({
    env: { DISCORD_USE_THREADS: 'true', DISCORD_CHANNEL_IDS: CHANNELS.qa, DISCORD_ALLOWED_CHANNEL_IDS: `${CHANNELS.general},${CHANNELS.qa}` },
    answerer: (kb) => (answerer = new FakeAnswerer(kb)),
  });
});
afterAll(async () => {
  await h?.close();
});

const threadCreate = (channelId: string) => (c: RecordedCall) => c.method === 'POST' && c.path.startsWith(`/channels/${channelId}/messages/`) && c.path.endsWith('/threads');

/** Ask in a thread and wait for the bot's answer there. */
async function inThread(threadId: string, content: string) {
  const since = h.server.mark();
  h.server.userMessage({ channelId: threadId, content });
  return h.server.waitFor(is.channelMessage(threadId), 5000, since);
}

describe('threads', () => {
  let threadId = '';

  it('opens a thread per new question and answers inside it', async () => {
    const since = h.server.mark();
    const msg = h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} 李尚福出访了哪里？` });
    const created = await h.server.waitFor(threadCreate(CHANNELS.general), 5000, since);
    expect(created.path).toBe(`/channels/${CHANNELS.general}/messages/${msg.id}/threads`);
    expect(created.body.name).toBe('李尚福出访了哪里？');
    threadId = created.response.id;
    const answer = await h.server.waitFor(is.channelMessage(threadId), 5000, since);
    expect(answer.body.content).toContain('李尚福两度出访俄罗斯');
    expect(answer.body.message_reference).toBeUndefined();
    expect(h.server.calls.slice(since).some(is.typing(threadId))).toBe(true);
  });

  it('answers a follow-up in its thread (no mention) with the previous turn as history', async () => {
    const answer = await inThread(threadId, '美日韩峰会在哪里？');
    expect(answer.body.content).toContain('戴维营');
    expect(h.server.calls.some(threadCreate(threadId))).toBe(false);
    const history = answerer.calls.at(-1)?.opts?.history;
    expect(history).toEqual([expect.objectContaining({ question: '李尚福出访了哪里？', answer: expect.stringContaining('李尚福两度出访俄罗斯') })]);
  });

  it('after a restart, rebuilds thread history from Discord', async () => {
    await h.restart();
    await inThread(threadId, '学者怎么看美中关系？');
    const history = answerer.calls.at(-1)?.opts?.history ?? [];
    expect(history.map((t) => t.question)).toEqual(['李尚福出访了哪里？', '美日韩峰会在哪里？']);
    expect(history[1]?.answer).toContain('戴维营');
    expect(history[1]?.answer).not.toContain('来源');
  });

  it('answers unmentioned messages in DISCORD_CHANNEL_IDS, and asks for MessageContent', async () => {
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.qa, content: '北京洪灾严重吗？' });
    const created = await h.server.waitFor(threadCreate(CHANNELS.qa), 5000, since);
    const answer = await h.server.waitFor(is.channelMessage(created.response.id), 5000, since);
    expect(answer.body.content).toContain('北京');
    const intents = Number(h.server.gateway.identifies.at(-1)?.intents);
    expect(intents & (1 << 15)).not.toBe(0);
  });

  it('ignores channels outside DISCORD_ALLOWED_CHANNEL_IDS, even when mentioned', async () => {
    const since = h.server.mark();
    const before = answerer.calls.length;
    h.server.userMessage({ channelId: CHANNELS.closed, content: `${mention} 北京洪灾严重吗？` });
    await sleep(400);
    expect(answerer.calls.length).toBe(before);
    expect(h.server.calls.slice(since).filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('every message payload had allowed_mentions with empty parse', () => {
    const bodies = messageBodies(h.server.calls);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const { body } of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
