/**
 * Crash safety: `scripts/index.ts` is SIGKILLed at seeded random points, at least
 * ten times. After every kill the served index still loads and answers, and the
 * next run (which must take over the dead run's lock) completes and applies the change.
 */
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/util/prng.js';
import { parseArticle } from '../../src/corpus/parse.js';
import { buildIndex } from '../../src/ingest/build.js';
import { readCurrentVersion } from '../../src/store/layout.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { cleanup, localBuildOptions, tempDir } from '../helpers/corpus.js';
import { growCorpus } from './helpers/grow.js';
import { runIndexChild, type ChildRun } from './helpers/index-child.js';

const KILLS = 10;
const MAX_ATTEMPTS = 30;
const BUDGET_MS = 150_000;

let corpus: string;
let index: string;
let files: string[];

beforeAll(async () => {
  corpus = await tempDir('qa-crash-corpus-');
  index = await tempDir('qa-crash-index-');
  files = await growCorpus(corpus, 500, 12);
  await buildIndex(localBuildOptions(corpus, index));
}, 120_000);
afterAll(async () => cleanup(corpus, index));

/** The served index loads, has every article, and answers. */
async function assertServes(expectedArticles: number, context: string): Promise<void> {
  const current = await readCurrentVersion(index);
  expect(current, context).toBeDefined();
  const kb = await openKnowledgeBase(index);
  expect(kb.stats().articles, context).toBe(expectedArticles);
  const hits = await kb.search('李尚福 俄罗斯 军事合作', { k: 3 });
  expect(hits.length, context).toBeGreaterThan(0);
}

describe('index run killed with SIGKILL', () => {
  it(`keeps the previous index serving and the next run completes (${KILLS}+ kills)`, async () => {
    const articles = files.length;
    const started = performance.now();
    // Calibrate: how long an uninterrupted (full) run takes on this machine right now.
    const calib = await runIndexChild({ indexDir: index, corpusDir: corpus, full: true });
    expect(calib.code, calib.stderr).toBe(0);
    const startup = calib.firstStageMs ?? calib.ms / 2;
    const rng = mulberry32(20_240_601);
    const kills: { at: number; stages: string[] }[] = [];
    const finished: ChildRun[] = [];

    for (let attempt = 0; kills.length < KILLS && attempt < MAX_ATTEMPTS && performance.now() - started < BUDGET_MS; attempt++) {
      // A unique number: BM25 keeps numbers whole, so the edited passage must be among the top hits.
      const code = String(31_000_000 + attempt * 7919);
      const marker = `崩溃测试修改编号${code}。`;
      const edited = join(corpus, files[(attempt * 37) % files.length]!);
      await appendFile(edited, `\n<p>${marker}</p>\n`);
      // Mostly full rebuilds (long enough to hit every stage), some incremental ones.
      const full = attempt % 4 !== 3;
      // From late in start-up to the end of a run: covers read, embed, write and the swap.
      const at = Math.round(startup * 0.8 + rng() * (calib.ms - startup * 0.8));
      const run = await runIndexChild({ indexDir: index, corpusDir: corpus, full, killAfterMs: at });
      if (run.signal === 'SIGKILL') kills.push({ at, stages: run.stages });
      else finished.push(run);
      const context = `attempt ${attempt} (${full ? 'full' : 'incremental'}, kill at ${at} ms, stages ${run.stages.join(',') || 'none'})`;
      if (run.signal !== 'SIGKILL') expect(run.code, `${context}: ${run.stderr}`).toBe(0);

      await assertServes(articles, context);
      // The next run must take over the dead run's lock, finish, and apply the change.
      const next = await buildIndex(localBuildOptions(corpus, index));
      expect(next.articles, context).toBe(articles);
      const kb = await openKnowledgeBase(index);
      expect(kb.getArticle(parseArticle(await readFile(edited), edited).url)?.text, context).toContain(marker);
      const hits = await kb.search(code, { k: 5 });
      expect(hits.some((h) => h.passages.some((p) => p.text.includes(code))), context).toBe(true);
      const leftovers = (await readdir(index)).filter((n) => n.endsWith('.tmp') || n === '.lock');
      expect(leftovers, context).toEqual([]);
    }

    // A stage line is printed when the stage ends, so "startup" also covers reading the corpus.
    const byStage = kills.map((k) => k.stages.at(-1) ?? 'startup');
    console.info(`crash-safety: ${kills.length} kills (last stage completed before the kill: ${byStage.join(', ')}), ${finished.length} runs finished first`);
    expect(kills.length, `kills by last stage seen: ${byStage.join(', ')}`).toBeGreaterThanOrEqual(KILLS);
    // Kills must land inside builds, not only during process start-up.
    expect(byStage.filter((s) => s !== 'startup').length, byStage.join(', ')).toBeGreaterThanOrEqual(3);

    // Finally a plain child run completes on the surviving state.
    const last = await runIndexChild({ indexDir: index, corpusDir: corpus });
    expect(last.code, last.stderr).toBe(0);
    await assertServes(articles, 'final run');
    expect(JSON.parse(await readFile(join(index, (await readCurrentVersion(index))!), 'utf8')).meta.articles).toBe(articles);
  }, 240_000);
});
