/** The real discord.js client against the fake server: answering messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../src/discord/format.js';
import { ALICE, BOB, BOT_USER, CAROL, CHANNELS, DM_CHANNEL, OTHER_BOT } from '../../fakes/discord-fixtures.js';
import { CORPUS_V2, FakeAnswerer, FakeKnowledgeBase } from './helpers/fake-kb.js';
import { is, messageBodies, sleep, startHarness, type Harness } from './helpers/harness.js';

const mention = `<@${BOT_USER.id}>`;
const LONG = 'LONG';
let h: Harness;
let answerer: FakeAnswerer;

beforeAll(async () => {
  h = await startHarness({
    env: { RATE_LIMIT_PER_MINUTE: '3', MAX_QUESTION_CHARS: '50' },
    answerer: (kb) =>
      (answerer = new FakeAnswerer(kb, {
        answerText: (q) => (q.includes(LONG) ? Array.from({ length: 400 }, (_, i) => `第${i}句，北京降雨创纪录。`).join('') + ' @everyone [1]' : undefined),
      })),
  });
});
afterAll(async () => {
  await h?.close();
});

/** Post as a user and wait for the bot's first message in that channel. */
async function ask(content: string, o: { author?: typeof ALICE; replyTo?: string; channelId?: string } = {}) {
  const channelId = o.channelId ?? CHANNELS.general;
  const since = h.server.mark();
  const msg = h.server.userMessage({ channelId, content, author: o.author, replyTo: o.replyTo });
  const reply = await h.server.waitFor(is.channelMessage(channelId), 5000, since);
  return { msg, reply, since };
}

describe('messages', () => {
  it('answers a mention with sources, as a reply, after showing typing', async () => {
    const { msg, reply, since } = await ask(`${mention} 北京洪灾是怎么回事？`);
    expect(reply.body.content).toContain('北京出现有气象记录以来最大降雨');
    expect(reply.body.content).toMatch(/\*\*来源\*\*\n1\. \[台风杜苏芮带来暴雨 北京遭遇洪灾\]\(<https:\/\/www\.voachinese\.com\/[^>]+>\) — 美国之音 · 2023-08-01/);
    expect(reply.body.message_reference.message_id).toBe(msg.id);
    expect(reply.body.components[0].components.map((b: any) => b.emoji.name)).toEqual(['👍', '👎']);
    const typing = h.server.calls.slice(since).findIndex(is.typing(CHANNELS.general));
    const posted = h.server.calls.slice(since).findIndex(is.channelMessage(CHANNELS.general));
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(posted);
    expect(answerer.calls.at(-1)).toMatchObject({ question: '北京洪灾是怎么回事？', opts: { history: [] } });
  });

  it('answers a reply to its own answer as a follow-up with the earlier turn as history', async () => {
    const first = await ask(`${mention} 李尚福出访了哪里？`);
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: '美日韩峰会在哪里举行？', replyTo: first.reply.response.id });
    await h.server.waitFor(is.channelMessage(CHANNELS.general), 5000, since);
    const call = answerer.calls.at(-1);
    expect(call?.question).toBe('美日韩峰会在哪里举行？');
    expect(call?.opts?.history).toEqual([expect.objectContaining({ question: '李尚福出访了哪里？', answer: expect.stringContaining('李尚福') })]);
  });

  it('after a restart, rebuilds history from the reply chain', async () => {
    const first = await ask(`${mention} 青年失业率是多少？`, { author: BOB });
    await h.restart();
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: '统计局为什么暂停发布？', replyTo: first.reply.response.id, author: BOB });
    await h.server.waitFor(is.channelMessage(CHANNELS.general), 5000, since);
    const history = answerer.calls.at(-1)?.opts?.history;
    expect(history).toHaveLength(1);
    expect(history?.[0]?.question).toBe('青年失业率是多少？');
    expect(history?.[0]?.answer).toBe('国家统计局宣布暂停发布青年失业率数据。 [1]');
  });

  it('answers direct messages without a mention, and replies there as follow-ups', async () => {
    const first = await ask('北京洪灾严重吗？', { author: CAROL, channelId: DM_CHANNEL });
    expect(first.reply.body.content).toContain('北京');
    await ask('涿州呢？', { author: CAROL, channelId: DM_CHANNEL, replyTo: first.reply.response.id });
    expect(answerer.calls.at(-1)?.opts?.history?.[0]?.question).toBe('北京洪灾严重吗？');
  });

  it('ignores other bots, unmentioned chatter and empty mentions', async () => {
    const since = h.server.mark();
    const before = answerer.calls.length;
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} 北京洪灾？`, author: OTHER_BOT });
    h.server.userMessage({ channelId: CHANNELS.general, content: '北京洪灾？' });
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention}   ` });
    await sleep(400);
    expect(answerer.calls.length).toBe(before);
    expect(h.server.calls.slice(since).filter(is.channelMessage(CHANNELS.general))).toHaveLength(0);
  });

  it('refuses overlong questions politely', async () => {
    const { reply } = await ask(`${mention} ${'长'.repeat(60)}`);
    expect(reply.body.content).toContain('max 50 characters');
  });

  it('splits a long answer into messages of at most 2000 characters; buttons only on the last', async () => {
    const since = h.server.mark();
    h.server.userMessage({ channelId: CHANNELS.general, content: `${mention} ${LONG} 北京降雨`, author: BOB });
    await h.server.waitFor((c) => is.channelMessage(CHANNELS.general)(c) && c.body?.components?.length > 0, 5000, since);
    const posts = h.server.calls.slice(since).filter(is.channelMessage(CHANNELS.general));
    expect(posts.length).toBeGreaterThanOrEqual(3);
    for (const p of posts) expect(p.body.content.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(posts.slice(0, -1).every((p) => (p.body.components ?? []).length === 0)).toBe(true);
    expect(posts[0]?.body.message_reference).toBeDefined();
    const all = posts.map((p) => p.body.content).join('');
    expect(all).toContain('@\u200beveryone');
    expect(all).not.toMatch(/@everyone/);
  });

  it('rate-limits a user with a polite message that says how long to wait', async () => {
    // The limit is 3 a minute; BOB has already asked some, so at most 4 more reach it.
    const replies: string[] = [];
    for (let i = 0; i < 4 && !replies.some((r) => r.includes('请稍等')); i++) {
      const { reply } = await ask(`${mention} 北京洪灾？`, { author: BOB });
      replies.push(reply.body.content);
    }
    expect(replies.at(-1)).toMatch(/请稍等 \d+ 秒.*please wait \d+s/);
    // ALICE is not affected by BOB's limit.
    const { reply } = await ask(`${mention} 北京洪灾？`, { author: ALICE });
    expect(reply.body.content).toContain('北京');
  });

  it('picks up a hot-reloaded knowledge base on the next question', async () => {
    const first = await ask(`${mention} 大熊猫返回中国了吗？`);
    expect(first.reply.body.content).toContain('没有提到');
    h.current.kb = new FakeKnowledgeBase(CORPUS_V2, '2023-09-03T00:00:00.000Z');
    const second = await ask(`${mention} 大熊猫返回中国了吗？`);
    expect(second.reply.body.content).toContain('大熊猫将在年底前返回中国');
    expect(second.reply.body.content).toContain('熊猫外交新动向');
  });

  it('sends allowed_mentions with empty parse on every message payload', () => {
    const bodies = messageBodies(h.server.calls);
    expect(bodies.length).toBeGreaterThan(5);
    for (const { call, body } of bodies) expect(body.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
  });

  it('requests no MessageContent intent without DISCORD_CHANNEL_IDS, and plain JSON', () => {
    const intents = Number(h.server.gateway.identifies[0]?.intents);
    expect(intents & (1 << 15)).toBe(0);
    expect(intents & (1 << 0)).not.toBe(0);
    expect(intents & (1 << 9)).not.toBe(0);
    expect(h.server.gateway.connectQueries[0]).toMatch(/v=10&encoding=json/);
    expect(h.server.gateway.connectQueries[0]).not.toMatch(/compress/);
  });
});
