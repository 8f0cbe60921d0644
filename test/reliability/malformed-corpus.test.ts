/**
 * A corpus of ~250 broken and odd variants of the seeds, plus the seeds: indexing
 * completes, every bad file is reported with its reason, every good file is
 * searchable, and duplicate URLs are resolved the same way every time.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, type BuildSummary } from '../../src/ingest/build.js';
import { parseArticle } from '../../src/corpus/parse.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { cleanup, localBuildOptions, SEEDS_DIR, tempDir } from '../helpers/corpus.js';
import { deepHtml, duplicateOf, hugeFile, variantsOf, type Seed } from './helpers/malformed.js';

const DAY = 86_400_000;
let corpus: string;
let index: string;
let seeds: Seed[];
/** File name → expected reason (null: must be indexed, with this URL). */
const expected = new Map<string, { reason: RegExp | null; url?: string }>();
let summary: BuildSummary;
let kb: LoadedKnowledgeBase;

const nameOf = (file: string) => file.split(/[\\/]/).pop()!;

beforeAll(async () => {
  corpus = await tempDir('qa-malformed-');
  index = await tempDir('qa-malformed-index-');
  const names = (await readdir(SEEDS_DIR)).filter((n) => n.endsWith('.txt')).sort();
  seeds = await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(SEEDS_DIR, name), 'utf8') })));
  const urlOf = (text: string) => parseArticle(text, 'x').url;

  for (const s of seeds) {
    await writeFile(join(corpus, s.name), s.text);
    expected.set(s.name, { reason: null, url: urlOf(s.text) });
  }
  for (const [i, s] of seeds.entries()) {
    for (const v of variantsOf(s, i)) {
      const name = `bad-${v.name}.txt`;
      await writeFile(join(corpus, name), v.data);
      expected.set(name, { reason: v.expect, url: v.expect ? undefined : urlOf(v.data.toString()) });
    }
  }
  const [s0, s1] = seeds as [Seed, Seed];
  await writeFile(join(corpus, 'huge-5mb.txt'), hugeFile(s0, 5 * 1024 * 1024));
  expected.set('huge-5mb.txt', { reason: /^too large/ });
  for (const closed of [true, false]) {
    const name = `deep-${closed ? 'closed' : 'unclosed'}.txt`;
    await writeFile(join(corpus, name), deepHtml(s0, 10_000, closed, name));
    expected.set(name, { reason: null, url: `https://example.org/deep/${name}` });
  }
  // Seed 0's URL three times: the latest publishedAt wins. Seed 1's URL twice with one timestamp: the greatest path wins.
  await writeFile(join(corpus, 'dup-later.txt'), duplicateOf(s0, DAY, 'later'));
  await writeFile(join(corpus, 'dup-earlier.txt'), duplicateOf(s0, -DAY, 'earlier'));
  await writeFile(join(corpus, 'zz-dup-tie.txt'), duplicateOf(s1, 0, 'tie'));
  expected.set('dup-later.txt', { reason: null, url: urlOf(s0.text) });
  expected.set(s0.name, { reason: /^duplicate URL: kept .*dup-later\.txt$/ });
  expected.set('dup-earlier.txt', { reason: /^duplicate URL: kept .*dup-later\.txt$/ });
  expected.set('zz-dup-tie.txt', { reason: null, url: urlOf(s1.text) });
  expected.set(s1.name, { reason: /^duplicate URL: kept .*zz-dup-tie\.txt$/ });

  summary = await buildIndex(localBuildOptions(corpus, index));
  kb = await openKnowledgeBase(index);
}, 120_000);

afterAll(async () => cleanup(corpus, index));

describe('malformed corpus', () => {
  it('has about 200 broken files and indexing completes', () => {
    const bad = [...expected.values()].filter((e) => e.reason).length;
    expect(bad).toBeGreaterThanOrEqual(200);
    expect(summary.articles + summary.skipped.length).toBe(expected.size);
  });

  it('reports every bad file with its reason', () => {
    const reasons = new Map(summary.skipped.map((s) => [nameOf(s.file), s.reason]));
    const wrong: string[] = [];
    for (const [name, e] of expected) {
      const got = reasons.get(name);
      if (e.reason && !(got && e.reason.test(got))) wrong.push(`${name}: expected ${e.reason}, got ${got ?? '(indexed)'}`);
      if (!e.reason && got) wrong.push(`${name}: expected indexed, got skipped: ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('indexes every good file, and they are searchable', async () => {
    const good = [...expected].filter(([, e]) => !e.reason);
    expect(summary.articles).toBe(good.length);
    for (const [name, e] of good) expect(kb.getArticle(e.url!), name).toBeDefined();
    expect(kb.getArticle('https://example.org/deep/deep-closed.txt')?.text).toContain('深层嵌套的段落仍然是正文内容');
    const hits = await kb.search('李尚福 俄罗斯', { k: 3 });
    expect(hits.length).toBeGreaterThan(0);
  });

  it('resolves duplicate URLs deterministically: latest wins, then greatest path', async () => {
    const [s0, s1] = seeds as [Seed, Seed];
    expect(kb.getArticle(parseArticle(s0.text, 'x').url)?.text).toContain('重复网址的另一个版本：later');
    expect(kb.getArticle(parseArticle(s1.text, 'x').url)?.text).toContain('重复网址的另一个版本：tie');
    // A second build from scratch resolves them the same way and reports the same skips.
    const again = await tempDir('qa-malformed-again-');
    try {
      const second = await buildIndex(localBuildOptions(corpus, again));
      const norm = (s: BuildSummary) => s.skipped.map((x) => `${nameOf(x.file)}|${x.reason.replace(/\S*[\\/]/g, '')}`).sort();
      expect(norm(second)).toEqual(norm(summary));
      expect(second.articles).toBe(summary.articles);
    } finally {
      await cleanup(again);
    }
  });
});
