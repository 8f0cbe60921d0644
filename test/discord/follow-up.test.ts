/**
 * Discord threads and reply chains with the real extractive answerer: a new topic
 * in a conversation is searched on its own, a follow-up as its rewrite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import type { RecordedCall } from '../../fakes/discord-server.js';
import { FakeKnowledgeBase } from './helpers/fake-kb.js';
import { is, sleep, startHarness, type Harness } from './helpers/harness.js';

const mention = `<@${BOT_USER.id}>`;
const kb = new FakeKnowledgeBase();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { DISCORD_USE_THREADS: 'true' },
    kb,
    answerer: (get) => new ExtractiveAnswerer(get, { k: 5, minRelevance: 0.2 }),
  });
});
afterAll(async () => {
  await h?.close();
});

const threadCreate = (c: RecordedCall) => c.method === 'POST' && c.path.endsWith('/threads');
const lastQuery = () => kb.searches.at(-1)?.query;

async function inThread(threadId: string, content: string) {
  await sleep(100); // the previous turn is recorded just after its message is posted
  const since = h.server.mark();
  h.server.userMessage({ channelId: threadId, content });
  return h.server.waitFor(is.channelMessage(threadId), 5000, since);
}

describe('conversations in Discord threads', () => {
  it('answers a new topic on its own and a pronoun follow-up through its antecedent', async () => {
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} 北京的洪灾有多严重？` });
    const threadId = (await h.server.waitFor(threadCreate, 5000, since)).response.id as string;
    await h.server.waitFor(is.channelMessage(threadId), 5000, since);

    const other = await inThread(threadId, '国家统计局为什么暂停发布青年失业率？');
    expect(lastQuery()).toBe('国家统计局为什么暂停发布青年失业率？');
    expect(other.body.content).toContain('统计局');
    expect(other.body.content).not.toContain('洪灾');

    await inThread(threadId, '它之前公布的数字是多少？');
    expect(lastQuery()).toBe('国家统计局之前公布的数字是多少?');
  });

  it('rewrites an ellipsis against the earlier question of the thread', async () => {
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} 李尚福出访了哪个国家？` });
    const threadId = (await h.server.waitFor(threadCreate, 5000, since)).response.id as string;
    await h.server.waitFor(is.channelMessage(threadId), 5000, since);
    await inThread(threadId, '那美日韩呢？');
    expect(lastQuery()).toBe('美日韩出访了哪个国家?');
  });
});
