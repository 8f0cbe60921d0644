/**
 * End to end: `npm run fetch-feeds` (a child process, as cron would run it) against
 * the local feed server, then the index, then a question answered from a fetched
 * item with its URL cited; `npm run refresh`'s logic re-indexes only when something came in.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { runRefresh } from '../../src/app/refresh.js';
import { runIndex } from '../../src/app/open-index.js';
import { parseConfig, type Config } from '../../src/config.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { FeedServer } from '../../fakes/feed-server.js';
import { cleanup } from '../helpers/corpus.js';
import { FEED_FIXTURES, feedsSandbox, fixture } from './feeds-helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const DESAL = 'https://www.rfa.org/mandarin/yataibaodao/huanjing/desalination-11242026093000.html';

let server: FeedServer;
let dir: string;
let env: Record<string, string>;
let config: Config;

beforeAll(async () => {
  server = await FeedServer.start(FEED_FIXTURES);
  ({ dir, env } = await feedsSandbox(server, ['/rfa-mandarin.xml', '/voa-cantonese.atom.xml', '/malformed.xml', '/hang.xml'], {
    FEED_TIMEOUT_MS: '500', FEED_RETRIES: '0',
  }));
  config = parseConfig(env);
});
afterAll(async () => {
  await server?.close();
  await cleanup(dir);
});

function run(script: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'scripts', script), ...args], {
    cwd: dir, env: { ...env, ...extraEnv, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('fetch-feeds → index → answer', () => {
  it('fetches two good feeds (three items) past a malformed and a silent one; the second run writes nothing', async () => {
    const first = await run('fetch-feeds.ts', ['--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ feeds: 2, items: 3, new: 3, updated: 0, unchanged: 0 });
    expect(summary.failed.map((f: { feed: string }) => f.feed)).toEqual([server.url('/malformed.xml'), server.url('/hang.xml')]);
    expect(Object.keys(summary).sort()).toEqual(['failed', 'feeds', 'items', 'ms', 'new', 'unchanged', 'updated']);
    const second = JSON.parse((await run('fetch-feeds.ts', ['--json'])).stdout);
    expect(second).toMatchObject({ new: 0, updated: 0 });
  });

  it('answers a question about a fetched item, citing its URL', async () => {
    await runIndex(config, { quiet: true });
    const kb = await openKnowledgeBase(config.INDEX_DIR);
    const answer = await new ExtractiveAnswerer(() => kb, { k: 5, minRelevance: config.MIN_RELEVANCE }).ask('元朗海水淡化厂每天可以供应多少食水？');
    expect(answer.grounded).toBe(true);
    expect(answer.citations[0]?.url).toBe(DESAL);
    expect(answer.answer).toContain('二十七万立方米');
  });

  it('exits non-zero with one "feed → reason" line per feed when no feed could be read', async () => {
    const res = await run('fetch-feeds.ts', ['--feed', server.url('/malformed.xml'), '--feed', server.url('/gone.xml'), '--out', join(dir, 'other')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${server.url('/malformed.xml')} → malformed XML: line 7:`);
    expect(res.stderr).toContain(`${server.url('/gone.xml')} → HTTP 410 Gone`);
    expect(res.stderr).toMatch(/feeds=0 items=0 new=0 updated=0 unchanged=0 failed=2 in \d+ ms/);
  });

  it('refresh re-indexes what came in, and skips the index when nothing did', async () => {
    server.set('/changing.xml', { body: fixture('dw-chinese.rdf'), etag: '"dw-1"' });
    const cfg = { ...config, FEED_URLS: [server.url('/changing.xml')] };
    const first = await runRefresh(cfg, { quiet: true });
    expect(first.fetch).toMatchObject({ feeds: 1, new: 1 });
    expect(first.index).toMatchObject({ added: 1, changed: 0, removed: 0 });
    const idle = await runRefresh(cfg, { quiet: true });
    expect(idle.fetch).toMatchObject({ feeds: 1, new: 0, items: 0 });
    expect(idle.index).toBeUndefined();
    server.set('/changing.xml', { body: fixture('dw-chinese.rdf').replace('一千四百辆', '一千五百辆'), etag: '"dw-2"' });
    const changed = await runRefresh(cfg, { quiet: true });
    expect(changed.fetch).toMatchObject({ updated: 1 });
    expect(changed.index).toMatchObject({ added: 0, changed: 1 });
  });
});
