/** Slash commands through the real client and the fake server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, CHANNELS } from '../../fakes/discord-fixtures.js';
import type { RecordedCall } from '../../fakes/discord-server.js';
import { FakeAnswerer, FakeKnowledgeBase } from './helpers/fake-kb.js';
import { is, messageBodies, startHarness, type Harness } from './helpers/harness.js';

const EPHEMERAL = 64;
let h: Harness;
let kb: FakeKnowledgeBase;

beforeAll(async () => {
  kb = new FakeKnowledgeBase();
  h = await startHarness({ kb, env: { RATE_LIMIT_PER_MINUTE: '2', DISCORD_ALLOWED_CHANNEL_IDS: `${CHANNELS.general},${CHANNELS.qa}` } });
});
afterAll(async () => {
  await h?.close();
});

const webhookCalls = (token: string, since: number) => h.server.calls.slice(since).filter((c) => c.path.includes(`/${token}`));

/** Run a command; resolves with the first message-bearing response (reply, edit or follow-up). */
async function run(name: string, options: Record<string, string | number> = {}, o: { user?: typeof ALICE; channelId?: string } = {}) {
  const since = h.server.mark();
  const { token } = h.server.slash(name, options, o);
  const shown = (c: RecordedCall) =>
    c.path.includes(`/${token}`) && ((is.callback(token)(c) && c.body?.type === 4) || is.editOriginal(token)(c) || (c.method === 'POST' && c.path.startsWith('/webhooks/')));
  const first = await h.server.waitFor(shown, 5000, since);
  return { token, since, first, body: first.body.type === 4 ? first.body.data : first.body };
}

describe('/ask', () => {
  it('defers at once, then edits the reply with the answer, sources and buttons', async () => {
    const { token, since, first, body } = await run('ask', { question: '北京洪灾是怎么回事？' });
    const calls = webhookCalls(token, since);
    expect(calls[0]?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(first.method).toBe('PATCH');
    expect(body.content).toContain('北京出现有气象记录以来最大降雨');
    expect(body.content).toContain('**来源**');
    expect(body.components[0].components).toHaveLength(2);
  });

  it('respects the language option', async () => {
    await run('ask', { question: 'Beijing flood 北京洪灾', language: 'en' }, { user: BOB });
    expect(((h.answerer as FakeAnswerer).calls.at(-1)?.opts?.language)).toBe('en');
  });

  it('rate-limits with an ephemeral message and no defer', async () => {
    await run('ask', { question: '北京洪灾？' }, { user: BOB });
    const { body, first } = await run('ask', { question: '北京洪灾？' }, { user: BOB });
    expect(first.body.type).toBe(4);
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.content).toMatch(/please wait \d+s/);
  });

  it('refuses in channels outside the allow-list, ephemerally', async () => {
    const { body } = await run('help', {}, { channelId: CHANNELS.closed });
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.content).toContain('not available in this channel');
  });
});

describe('/latest', () => {
  it('asks for the newest relevant articles of the outlet typed, with dates', async () => {
    const { body } = await run('latest', { topic: '北京洪灾', source: 'VOA' });
    expect(kb.searches.at(-1)).toEqual({ query: '北京洪灾', opts: { k: 5, source: '美国之音', latest: true } });
    expect(body.content).toContain('最新文章 / Latest');
    expect(body.content).toMatch(/1\. \[台风杜苏芮带来暴雨 北京遭遇洪灾\]\(<https:\/\/www\.voachinese\.com\/[^>]+>\) — 美国之音 · 2023-08-01/);
  });

  it('without a topic lists the newest articles', async () => {
    const { body } = await run('latest', { limit: 2 });
    expect(body.content).toMatch(/1\. .+ — 德国之声 · 2023-08-16\n2\. .+ — 自由亚洲电台 · 2023-08-15/);
  });
});

describe('/sources', () => {
  it('says so (ephemerally) when the channel has no answer yet', async () => {
    const { body } = await run('sources', {}, { channelId: CHANNELS.qa });
    expect(body.flags).toBe(EPHEMERAL);
    expect(body.content).toContain('No answer here yet');
  });

  it('quotes the passages behind the last answer in this channel, with links', async () => {
    await run('ask', { question: '青年失业率是多少？' }, { channelId: CHANNELS.qa });
    const { body } = await run('sources', {}, { channelId: CHANNELS.qa });
    expect(body.content).toContain('青年失业率是多少？');
    expect(body.content).toMatch(/\[1\] \[中国青年失业率创新高 统计局暂停发布\]\(<https:\/\/www\.dw\.com\/[^>]+>\) — 德国之声 · 2023-08-16\n> /);
  });
});

describe('/search', () => {
  it('lists title links with outlet and date, passing filters to the index', async () => {
    const { body } = await run('search', { query: '北京洪灾', source: '美国之音', from: '2023-07-01', to: '2023-08-31', limit: 3 });
    expect(body.content).toMatch(/1\. \[台风杜苏芮带来暴雨 北京遭遇洪灾\]\(<https:\/\/www\.voachinese\.com\/[^>]+>\) — 美国之音 · 2023-08-01/);
    expect(kb.searches.at(-1)).toEqual({ query: '北京洪灾', opts: { k: 3, source: '美国之音', from: '2023-07-01', to: '2023-08-31' } });
  });

  it('reports a bad date ephemerally (the public deferred reply is removed)', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('search', { query: '北京', from: 'yesterday' });
    const follow = await h.server.waitFor((c) => c.method === 'POST' && c.path.endsWith(`/${token}`), 5000, since);
    expect(follow.body.flags).toBe(EPHEMERAL);
    expect(follow.body.content).toContain('YYYY-MM-DD');
    expect(webhookCalls(token, since).some((c) => c.method === 'DELETE')).toBe(true);
  });

  it('autocompletes outlets', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('search', { query: '北京', source: '美国' }, { focused: 'source' });
    const cb = await h.server.waitFor(is.callback(token), 5000, since);
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: '美国之音', value: '美国之音' }] } });
  });
});

describe('/article', () => {
  it('shows title, outlet, date, link, lead and related articles', async () => {
    const { body } = await run('article', { 'url-or-id': 'a1b2c3d4e5f60003' });
    expect(body.content).toContain('**中国青年失业率创新高 统计局暂停发布**');
    expect(body.content).toContain('德国之声 · 2023-08-16 · <https://www.dw.com/zh/chinese-economy-youth-unemployment/a-66500000>');
    expect(body.content).toContain('> 国家统计局宣布暂停发布青年失业率数据。');
    expect(body.content).toContain('**相关文章 / Related**');
  });

  it('accepts a URL', async () => {
    const { body } = await run('article', { 'url-or-id': 'https://www.voachinese.com/a/typhoon-doksuri-beijing-flood/7210000.html' });
    expect(body.content).toContain('台风杜苏芮');
  });

  it('treats path-like input as an unknown article (kb lookup only)', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('article', { 'url-or-id': '../../etc/passwd' });
    const follow = await h.server.waitFor((c) => c.method === 'POST' && c.path.endsWith(`/${token}`), 5000, since);
    expect(follow.body.flags).toBe(EPHEMERAL);
    expect(follow.body.content).toContain('No article "../../etc/passwd"');
    expect(follow.body.content).not.toContain('root:');
  });

  it('autocompletes titles with article ids as values', async () => {
    const since = h.server.mark();
    const { token } = h.server.slash('article', { 'url-or-id': '北京' }, { focused: 'url-or-id' });
    const cb = await h.server.waitFor(is.callback(token), 5000, since);
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: '台风杜苏芮带来暴雨 北京遭遇洪灾 · 2023-08-01', value: 'a1b2c3d4e5f60002' }] } });
  });
});

describe('/stats and /help', () => {
  it('/stats shows counts, dates, outlets, age and embedder', async () => {
    const { body } = await run('stats');
    expect(body.content).toContain('文章 / Articles: 3');
    expect(body.content).toContain('日期 / Dates: 2023-08-01 – 2023-08-16');
    expect(body.content).toContain('美国之音 (1)');
    expect(body.content).toContain('嵌入模型 / Embedder: local:fake-hash (64 dims)');
    expect(body.content).toMatch(/索引时间 \/ Built: \d+ 天前 \/ \d+ d ago/);
  });

  it('/help is ephemeral and lists the commands', async () => {
    const { body } = await run('help');
    expect(body.flags).toBe(EPHEMERAL);
    for (const c of ['/ask', '/search', '/latest', '/article', '/sources', '/stats']) expect(body.content).toContain(c);
    expect(body.content).toContain('德国之声2023年4月关于李尚福访俄的报道说了什么？');
  });
});

it('every message payload carried allowed_mentions with empty parse', () => {
  const bodies = messageBodies(h.server.calls);
  expect(bodies.length).toBeGreaterThan(10);
  for (const { call, body } of bodies) expect(body.allowed_mentions, `${call.method} ${call.path}`).toEqual({ parse: [] });
});
