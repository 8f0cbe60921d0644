/**
 * The bot's scheduled refresh: one at a time, failures logged while the old index
 * keeps serving, and a real refresh (child process) whose new index the running
 * runtime hot-reloads while it keeps answering; /stats shows the last refresh.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshResult } from '../../src/app/refresh.js';
import { parseConfig, type Config } from '../../src/config.js';
import { childRefresh, lastRefreshReader, startRefresher } from '../../src/discord/refresher.js';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { statsView } from '../../src/present/views.js';
import { plainStyle } from '../../src/present/style.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { FeedServer } from '../../fakes/feed-server.js';
import { cleanup } from '../helpers/corpus.js';
import { FEED_FIXTURES, feedsSandbox } from './feeds-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RESULT: RefreshResult = { fetch: { feeds: 1, items: 1, new: 1, updated: 0, unchanged: 0, failed: [], ms: 1 } };

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
  return { log: createLogger({ level: 'info', destination }), lines };
}

describe('startRefresher', () => {
  const config = parseConfig({ FEED_REFRESH_MINUTES: '60' });

  it('never runs two refreshes at once', async () => {
    let release!: () => void;
    let calls = 0;
    const refresher = startRefresher(config, silentLogger, () => (calls++, new Promise((r) => (release = () => r(RESULT)))));
    const first = refresher.runNow();
    expect(await refresher.runNow()).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(calls).toBe(1);
    refresher.stop();
  });

  it('logs a failed refresh (and feeds that failed) and runs again next time', async () => {
    const { log, lines } = capturingLogger();
    let fail = true;
    const refresher = startRefresher(config, log, async () => {
      if (fail) throw new Error('another feed fetch (pid 42) is using corpus');
      return { fetch: { ...RESULT.fetch, failed: [{ feed: 'http://x/feed', reason: 'HTTP 500' }] } };
    });
    await refresher.runNow();
    fail = false;
    await refresher.runNow();
    refresher.stop();
    expect(lines.join('')).toContain('corpus refresh failed; still serving the last good index');
    expect(lines.join('')).toContain('another feed fetch (pid 42)');
    expect(lines.join('')).toContain('feed http://x/feed → HTTP 500');
    expect(lines.join('')).toContain('"msg":"corpus refreshed"');
  });

  it('refreshes on a schedule until stopped', async () => {
    let calls = 0;
    const refresher = startRefresher(parseConfig({ FEED_REFRESH_MINUTES: '0.001' }), silentLogger, async () => (calls++, RESULT));
    await sleep(400);
    refresher.stop();
    const seen = calls;
    expect(seen).toBeGreaterThanOrEqual(2);
    await sleep(200);
    expect(calls).toBe(seen);
  });
});

describe('a real refresh under a running runtime', () => {
  let server: FeedServer;
  let dir: string;
  let env: Record<string, string>;
  let config: Config;
  let runtime: Runtime;

  beforeAll(async () => {
    server = await FeedServer.start(FEED_FIXTURES);
    ({ dir, env } = await feedsSandbox(server, ['/rfa-mandarin.xml', '/malformed.xml'], { INDEX_POLL_MS: '100' }));
    config = parseConfig(env);
    runtime = await openRuntime(config, silentLogger);
  });
  afterAll(async () => {
    await runtime?.close();
    await server?.close();
    await cleanup(dir);
  });

  it('fetches and indexes in a child while answering; the new index is hot-reloaded; /stats shows the refresh', async () => {
    const before = runtime.kb().stats().articles;
    const refresher = startRefresher(config, silentLogger, childRefresh({ ...env, PATH: process.env.PATH ?? '' }));
    const refreshing = refresher.runNow();
    // Answering goes on while the child works: the answer comes before the refresh ends (no clock in the test).
    const asking = runtime.answerer.ask('普京在会见中国国防部长时说了什么？');
    const first = await Promise.race([asking.then(() => 'answer'), refreshing.then(() => 'refresh')]);
    expect(first).toBe('answer');
    expect((await asking).grounded).toBe(true);
    expect(await refreshing).toBe(true);
    refresher.stop();

    for (let i = 0; i < 50 && runtime.kb().stats().articles === before; i++) await sleep(100);
    expect(runtime.kb().stats().articles).toBe(before + 2);
    const desal = await runtime.answerer.ask('元朗海水淡化厂每天可以供应多少食水？');
    expect(desal.citations[0]?.url).toContain('desalination-11242026093000');

    const read = lastRefreshReader(config.CORPUS_DIR[0]!);
    for (let i = 0; i < 20 && !read(); i++) await sleep(20);
    expect(read()).toMatchObject({ new: 2, updated: 0, feeds: 1, failed: 1 });
    const text = statsView(runtime.kb().stats(), Date.now(), plainStyle, read());
    expect(text).toMatch(/语料更新 \/ Corpus refreshed: \d+ 秒前 \/ \d+ s ago \(.+\); 新增 \/ new 2, 更新 \/ updated 0/);
  });
});
