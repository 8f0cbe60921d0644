/**
 * `refresh_ms`: the product's refresh (runRefresh: fetch the feeds, then an
 * incremental index) bringing 20 new items from a local RSS feed into an indexed
 * 3,104-article corpus. Everything is synthetic, made from seeds/ (runs on a fresh
 * clone): articles of seed sentences, shuffled (seeded), ~2.2 chunks each like the
 * real corpus. Each run starts from the same corpus and index (the previous run's
 * items are removed and re-indexed, untimed).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../src/config.js';
import { readCorpus } from '../src/corpus/read.js';
import { fileNameFor } from '../src/corpus/feeds/store.js';
import { runRefresh } from '../src/app/refresh.js';
import { runIndex } from '../src/app/open-index.js';
import { splitSentences } from '../src/text/sentences.js';
import { mulberry32, shuffle } from '../src/util/prng.js';
import { REPO_ROOT } from './options.js';
import { median } from './stats.js';
import { articleFile } from './synth.js';

export const REFRESH_BASE_ARTICLES = 3104;
export const REFRESH_NEW_ITEMS = 20;
/** Characters of sentences per synthetic article (~2.2 chunks of 300 with 60 overlap, as in the real corpus). */
const ARTICLE_CHARS = 430;
const DAY_MS = 86_400_000;
const BASE_TIME = Date.UTC(2026, 0, 1);

interface SynthArticle {
  meta: { title: string; url: string; publishedAt: string };
  sentences: string[];
}

export interface RefreshBenchResult {
  medianMs: number;
  runs: { ms: number; fetchMs: number; indexMs: number }[];
  baseArticles: number;
}

export async function benchRefresh(workDir: string, runs: number, seed: number, log: (l: string) => void): Promise<RefreshBenchResult> {
  const corpusDir = join(workDir, 'refresh-corpus');
  const indexDir = join(workDir, 'refresh-index');
  await rm(corpusDir, { recursive: true, force: true });
  await rm(indexDir, { recursive: true, force: true });
  await mkdir(corpusDir, { recursive: true });
  const make = await articleMaker(seed);
  for (let i = 0; i < REFRESH_BASE_ARTICLES; i++) {
    const a = make(`https://www.rfa.org/mandarin/bench/base-${i}.html`, i);
    await writeFile(join(corpusDir, fileNameFor(a.meta.url)), articleFile(a.meta, a.sentences));
  }
  const feed = await feedServer();
  const config = parseConfig({ LOG_LEVEL: 'silent', EMBEDDER: 'local', CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, FEED_URLS: feed.url });
  try {
    const base = await runIndex(config, { full: true, quiet: true });
    log(`  base index: ${base.articles} articles, ${base.chunks} chunks in ${base.ms} ms`);
    const out: RefreshBenchResult['runs'] = [];
    for (let r = 0; r <= runs; r++) {
      const items = Array.from({ length: REFRESH_NEW_ITEMS }, (_, i) => make(`https://www.rfa.org/mandarin/bench/new-${r}-${i}.html`, REFRESH_BASE_ARTICLES + r * 100 + i));
      feed.serve(rss(items));
      const started = performance.now();
      const result = await runRefresh(config, { quiet: true });
      const ms = performance.now() - started;
      if (result.fetch.new !== REFRESH_NEW_ITEMS || result.index?.added !== REFRESH_NEW_ITEMS) {
        throw new Error(`expected ${REFRESH_NEW_ITEMS} new articles, got ${JSON.stringify(result)}`);
      }
      const run = { ms, fetchMs: result.fetch.ms, indexMs: result.index.ms };
      log(`  refresh ${r === 0 ? 'warm-up' : `run ${r}`}: ${Math.round(ms)} ms (fetch ${run.fetchMs} ms, index ${run.indexMs} ms)`);
      if (r > 0) out.push(run);
      // Back to the base corpus and index for the next run (untimed).
      await Promise.all(items.map((a) => rm(join(corpusDir, fileNameFor(a.meta.url)))));
      await runIndex(config, { quiet: true });
    }
    return { medianMs: median(out.map((r) => r.ms)), runs: out, baseArticles: base.articles };
  } finally {
    await feed.close();
    await rm(corpusDir, { recursive: true, force: true });
    await rm(indexDir, { recursive: true, force: true });
  }
}

/** Articles cut from a seeded shuffle of the seed articles' sentences. */
async function articleMaker(seed: number): Promise<(url: string, n: number) => SynthArticle> {
  const { articles } = await readCorpus([join(REPO_ROOT, 'seeds')], { maxBytes: 2_000_000 });
  const pool = shuffle(mulberry32(seed), articles.flatMap((a) => splitSentences(a.text)));
  let at = 0;
  return (url, n) => {
    const sentences: string[] = [];
    for (let chars = 0; chars < ARTICLE_CHARS; at++) {
      const s = pool[at % pool.length]!;
      sentences.push(s);
      chars += s.length;
    }
    const title = `${sentences[0]!.slice(0, 24)}（${n}）`;
    return { meta: { title, url, publishedAt: new Date(BASE_TIME + n * (DAY_MS / 8)).toISOString() }, sentences };
  };
}

function rss(items: SynthArticle[]): string {
  const entries = items.map((a) => `<item><title><![CDATA[${a.meta.title}]]></title><link>${a.meta.url}</link>` +
    `<pubDate>${new Date(a.meta.publishedAt).toUTCString()}</pubDate>` +
    `<content:encoded><![CDATA[${a.sentences.map((s) => `<p>${escapeHtml(s)}</p>`).join('')}]]></content:encoded></item>`);
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
    `<channel><title>自由亚洲电台（基准测试）</title><link>https://www.rfa.org/mandarin</link>${entries.join('')}</channel></rss>`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A one-route RSS server on 127.0.0.1. */
async function feedServer(): Promise<{ url: string; serve(body: string): void; close(): Promise<void> }> {
  let body = '';
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`,
    serve: (next) => void (body = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

