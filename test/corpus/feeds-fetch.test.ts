/**
 * The feed fetcher against a local server: new items in the seed format, conditional
 * GETs, updates, duplicates, and every kind of feed failure reported without
 * touching existing files.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchFeeds, type FetchFeedsOptions } from '../../src/corpus/feeds/fetch-feeds.js';
import { fileNameFor, STATE_FILE } from '../../src/corpus/feeds/store.js';
import { parseArticle } from '../../src/corpus/parse.js';
import { FeedServer } from '../../fakes/feed-server.js';
import { cleanup, copySeeds } from '../helpers/corpus.js';
import { FEED_FIXTURES, fixture, snapshotDir } from './feeds-helpers.js';

const DESAL = 'https://www.rfa.org/mandarin/yataibaodao/huanjing/desalination-11242026093000.html';
const COTTON = 'https://www.rfa.org/mandarin/yataibaodao/jingmao/cotton-11232026181500.html';
const KINMEN = 'https://www.voacantonese.com/a/kinmen-cable-backup-20261124/7654321.html';

let server: FeedServer;
let dir: string;

beforeAll(async () => {
  server = await FeedServer.start(FEED_FIXTURES);
});
afterAll(() => server.close());
beforeEach(async () => {
  dir = await copySeeds();
  server.requests.length = 0;
});
afterEach(() => cleanup(dir));

const options = (feeds: string[], extra: Partial<FetchFeedsOptions> = {}): FetchFeedsOptions => ({
  feeds: feeds.map((p) => server.url(p)), outDir: dir, concurrency: 3,
  timeoutMs: 400, retries: 1, backoffMs: 10, maxBytes: 1_000_000, userAgent: 'qa-bot-test/1.0', ...extra,
});

describe('fetchFeeds', () => {
  it('writes the new items of two good feeds, reports the bad ones, leaves existing files alone; a second run writes nothing', async () => {
    const seeds = await snapshotDir(dir);
    const feeds = ['/rfa-mandarin.xml', '/voa-cantonese.atom.xml', '/malformed.xml', '/hang.xml'];
    const first = await fetchFeeds(options(feeds));
    expect(first).toMatchObject({ feeds: 2, items: 3, new: 3, updated: 0, unchanged: 0 });
    expect(first.failed).toEqual([
      { feed: server.url('/malformed.xml'), reason: "malformed XML: line 7: char '&' is not expected." },
      { feed: server.url('/hang.xml'), reason: 'timeout after 400 ms' },
    ]);
    // Retried once after the timeout.
    expect(server.requestsTo('/hang.xml')).toHaveLength(2);
    for (const [name, before] of seeds) expect(await snapshotOf(name)).toEqual(before);

    const written = (await readdir(dir)).filter((n) => !seeds.has(n) && n.endsWith('.txt')).sort();
    expect(written).toEqual([DESAL, COTTON, KINMEN].map(fileNameFor).sort());
    const desal = await readFile(join(dir, fileNameFor(DESAL)), 'utf8');
    expect(desal.split('\n').slice(0, 3)).toEqual([
      `<!--${Date.UTC(2026, 10, 24, 9, 30)}-->`, `[元朗海水淡化厂正式投产 每日可供应二十七万立方米食水](${DESAL})`, '------',
    ]);
    const article = parseArticle(desal, 'x.txt');
    expect(article).toMatchObject({ url: DESAL, source: '自由亚洲电台', script: 'Hans' });
    expect(article.id).toBe(fileNameFor(DESAL).replace('.txt', ''));
    expect(parseArticle(await readFile(join(dir, fileNameFor(KINMEN))), 'k.txt').script).toBe('Hant');

    const stamps = await snapshotDir(dir);
    const second = await fetchFeeds(options(feeds));
    expect(second).toMatchObject({ feeds: 2, items: 0, new: 0, updated: 0, unchanged: 0 });
    expect(second.failed).toHaveLength(2);
    // Conditional GETs, answered 304: ETag for one feed, Last-Modified for the other.
    expect(server.requestsTo('/rfa-mandarin.xml').at(-1)!.headers['if-none-match']).toBe('"rfa-1"');
    expect(server.requestsTo('/voa-cantonese.atom.xml').at(-1)!.headers['if-modified-since']).toBe('Tue, 24 Nov 2026 07:10:00 GMT');
    expect(await snapshotDir(dir)).toEqual(new Map([...stamps].map(([n, s]) => [n, n === STATE_FILE ? expect.anything() : s])));
  });

  it('updates an item whose content changed between runs, and rewrites nothing else', async () => {
    const feed = server.url('/changing.xml');
    server.set('/changing.xml', { body: fixture('rfa-mandarin.xml'), etag: '"v1"' });
    await fetchFeeds({ ...options([]), feeds: [feed] });
    const cotton = await stat(join(dir, fileNameFor(COTTON)));
    const edited = fixture('rfa-mandarin.xml').replace('约占全港用水量的百分之八', '约占全港用水量的百分之九');
    server.set('/changing.xml', { body: edited, etag: '"v2"' });
    const run = await fetchFeeds({ ...options([]), feeds: [feed] });
    expect(run).toMatchObject({ feeds: 1, items: 2, new: 0, updated: 1, unchanged: 1, failed: [] });
    expect(await readFile(join(dir, fileNameFor(DESAL)), 'utf8')).toContain('百分之九');
    expect((await stat(join(dir, fileNameFor(COTTON)))).mtimeMs).toBe(cotton.mtimeMs);
  });

  it('writes a duplicated link once (its latest version) and reports an item without a link', async () => {
    const run = await fetchFeeds(options(['/rfa-cantonese-duplicates.xml', '/rfa-cantonese-duplicates.xml?again']));
    expect(run).toMatchObject({ feeds: 2, items: 1, new: 1 });
    expect(run.failed.map((f) => f.reason)).toEqual(['item 3 ("沒有連結的快訊"): no link', 'item 3 ("沒有連結的快訊"): no link']);
    const text = await readFile(join(dir, fileNameFor('https://www.rfa.org/cantonese/news/macau-gaming-11202026.html')), 'utf8');
    expect(text).toContain('連續三個月回升。</p>');
    expect(text).not.toContain('初稿');
  });

  it('refuses oversized responses, declared or streamed, and reports HTTP errors without retrying them', async () => {
    const run = await fetchFeeds(options(['/huge-declared.xml', '/huge-streamed.xml', '/gone.xml', '/flaky.xml', '/rdf.xml'], { maxBytes: 100_000 }));
    expect(run.failed).toEqual([
      { feed: server.url('/huge-declared.xml'), reason: expect.stringMatching(/^response too large: \d+ bytes > 100000 bytes$/) },
      { feed: server.url('/huge-streamed.xml'), reason: 'response too large: more than that > 100000 bytes' },
      { feed: server.url('/gone.xml'), reason: 'HTTP 410 Gone' },
    ]);
    expect(server.requestsTo('/gone.xml')).toHaveLength(1);
    // A 503 is retried, then the feed is read; the RDF feed is read too.
    expect(server.requestsTo('/flaky.xml')).toHaveLength(2);
    expect(run).toMatchObject({ feeds: 2, new: 3 });
  });

  it('identifies itself, reports an unreachable host, and clears temporary files of a killed run', async () => {
    await writeFile(join(dir, '.feed-abc.txt.999.dead.tmp'), 'half an arti');
    const closed = await FeedServer.closedUrl();
    const run = await fetchFeeds({ ...options(['/rdf.xml']), feeds: [server.url('/rdf.xml'), closed, 'feeds.example/rss'] });
    expect(server.requestsTo('/rdf.xml')[0]!.headers['user-agent']).toBe('qa-bot-test/1.0');
    expect(run.failed).toEqual([
      { feed: closed, reason: 'unreachable: ECONNREFUSED' },
      { feed: 'feeds.example/rss', reason: 'bad feed URL: expected http(s)://host/...' },
    ]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([]);
    const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8'));
    expect(state.lastRun).toMatchObject({ feeds: 1, new: 1, updated: 0, failed: 2 });
  });
});

async function snapshotOf(name: string) {
  return (await snapshotDir(dir)).get(name);
}
