/**
 * End to end: the real index over seeds/ (local embedder, extractive answers),
 * the real runtime wiring (openRuntime) and the real discord.js client against
 * the fake Discord server; then a re-index is hot-reloaded by the running bot.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndex } from '../../src/app/open-index.js';
import { parseConfig, type Config } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/discord/bot.js';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { silentLogger } from '../../src/log.js';
import { BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import { FakeDiscord } from '../../fakes/discord-server.js';
import { is, messageBodies, sleep } from './helpers/harness.js';

const SEEDS = fileURLToPath(new URL('../../seeds', import.meta.url));
const mention = `<@${BOT_USER.id}>`;
const PANDA_URL = 'https://www.rfa.org/mandarin/test/panda-diplomacy-20231108.html';
const PANDA = `<!--1699430400000-->
[美国动物园大熊猫将返回中国 熊猫外交告一段落](${PANDA_URL})
------

<p>华盛顿国家动物园的三只大熊猫美香、添添和小奇迹将于十一月返回中国。</p><p>分析人士说，熊猫外交的变化反映了中美关系的紧张。</p>`;

let dir: string;
let config: Config;
let server: FakeDiscord;
let runtime: Runtime;
let bot: RunningBot;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'discord-e2e-'));
  await cp(SEEDS, join(dir, 'corpus'), { recursive: true });
  server = await FakeDiscord.start();
  config = parseConfig({
    CORPUS_DIR: join(dir, 'corpus'),
    INDEX_DIR: join(dir, 'index'),
    EMBEDDER: 'local',
    ANSWER_MODE: 'extractive',
    INDEX_POLL_MS: '200',
    DISCORD_TOKEN: 'fake-token-for-tests',
    DISCORD_API_BASE: server.apiBase,
    FEEDBACK_LOG: join(dir, 'feedback.jsonl'),
  });
  // No index yet: openRuntime builds one from CORPUS_DIR, like `npm start` on a fresh checkout.
  runtime = await openRuntime(config, silentLogger);
  bot = await startBot({ kb: runtime.kb, answerer: runtime.answerer, config, log: silentLogger }, { readyTimeoutMs: 10_000 });
});

afterAll(async () => {
  await bot?.stop();
  await runtime?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ask(content: string) {
  const since = server.mark();
  server.userMessage({ channelId: CHANNELS.general, content });
  return (await server.waitFor(is.channelMessage(CHANNELS.general), 15_000, since)).body.content as string;
}

describe('bot over the real index', () => {
  it('answers a mention from the seed articles, with titled source links', async () => {
    const content = await ask(`${mention} 李尚福出访了哪些国家？`);
    expect(content).toMatch(/\[\d\]/);
    expect(content).toMatch(/\*\*来源\*\*\n1\. \[[^\]]+\]\(<https:\/\/www\.(rfa\.org|voachinese\.com|dw\.com)\/[^>]+>\) — /);
  });

  it('「他后来去了哪里？」 in a reply chain: the later trips, oldest first, not the first answer again', async () => {
    let since = server.mark();
    server.userMessage({ channelId: CHANNELS.general, content: `${mention} 李尚福4月在莫斯科会见了谁？` });
    const first = await server.waitFor(is.channelMessage(CHANNELS.general), 15_000, since);
    const quoted = (first.body.content as string).split('\n')[1]!.replace(/\[\d\]$/, '');
    expect(quoted).toContain('普京');
    await sleep(100); // the turn is recorded just after its message is posted
    since = server.mark();
    server.userMessage({ channelId: CHANNELS.general, content: `${mention} 他后来去了哪里？`, replyTo: first.response.id as string });
    const later = (await server.waitFor(is.channelMessage(CHANNELS.general), 15_000, since)).body.content as string;
    expect(later).not.toContain(quoted);
    expect(later).toMatch(/2023-07-03 美国之音：[^\n]*在北京会见/);
    expect(later).toMatch(/2023-08-15 自由亚洲电台：[^\n]*并访问白俄罗斯。\[\d\]/);
    expect(later).toContain('**来源**');
  });

  it('/search, /article autocomplete and /stats use the real index', async () => {
    let since = server.mark();
    let { token } = server.slash('search', { query: '中俄军事合作' });
    const search = await server.waitFor(is.editOriginal(token), 15_000, since);
    expect(search.body.content).toMatch(/1\. \[[^\]]+\]\(<https:\/\/[^>]+>\) — /);

    since = server.mark();
    ({ token } = server.slash('article', { 'url-or-id': '防長' }, { focused: 'url-or-id' }));
    const auto = await server.waitFor(is.callback(token), 5000, since);
    expect(auto.body.data.choices.length).toBeGreaterThanOrEqual(1);
    expect(auto.body.data.choices[0].value).toMatch(/^[0-9a-f]{16}$/);

    since = server.mark();
    ({ token } = server.slash('stats'));
    const stats = await server.waitFor(is.callback(token), 5000, since);
    expect(stats.body.data.content).toContain('文章 / Articles: 5');
    expect(stats.body.data.content).toContain('local:');
  });

  it('hot reload: a re-index is served to the next question without a restart', async () => {
    const before = await ask(`${mention} 大熊猫什么时候返回中国？`);
    expect(before).not.toContain(PANDA_URL);
    await writeFile(join(dir, 'corpus', 'panda.txt'), PANDA);
    await runIndex(config, { quiet: true });
    for (let i = 0; i < 100 && runtime.kb().stats().articles < 6; i++) await sleep(50);
    expect(runtime.kb().stats().articles).toBe(6);
    const after = await ask(`${mention} 大熊猫什么时候返回中国？`);
    expect(after).toContain(PANDA_URL);
  });

  it('every message payload had allowed_mentions with empty parse', () => {
    for (const { body } of messageBodies(server.calls)) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});
