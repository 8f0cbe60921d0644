/** `npm run bench` options: a fresh clone (no shared corpus) generates its corpus from the seeds. */
import { describe, expect, it } from 'vitest';
import { FRESH_LARGE_CHUNKS, SEEDS_CORPUS, parseBenchArgs } from '../../bench/options.js';
import { HelpRequested, UsageError } from '../../src/cli/errors.js';
import { SEEDS_DIR } from '../helpers/corpus.js';

const ABSENT = '/nonexistent/shared/bench/scale/corpus';

describe('parseBenchArgs', () => {
  it('without the shared corpus, generates the base corpus from seeds/', () => {
    const o = parseBenchArgs(['--quick'], ABSENT);
    expect(o.corpus).toBe(SEEDS_CORPUS);
    expect(o.generateBase).toBeGreaterThan(0);
  });

  it('a fresh clone gets a short run by default (a few minutes on 2 cores), sizes still settable', () => {
    expect(parseBenchArgs([], ABSENT)).toMatchObject({ quick: true, runs: 1, largeChunks: FRESH_LARGE_CHUNKS, tune: false });
    expect(parseBenchArgs(['--large-chunks', '100000', '--runs', '3'], ABSENT)).toMatchObject({ runs: 3, largeChunks: 100_000 });
    expect(parseBenchArgs(['--corpus', SEEDS_DIR], ABSENT)).toMatchObject({ quick: false, runs: 3, largeChunks: 100_000 });
  });

  it('uses a corpus that exists as it is', () => {
    const o = parseBenchArgs(['--corpus', SEEDS_DIR], ABSENT);
    expect(o.generateBase).toBeUndefined();
  });

  it('an explicit --corpus that does not exist, bad numbers and unknown options are usage errors; --help is help', () => {
    expect(() => parseBenchArgs(['--corpus', '/nope'], ABSENT)).toThrow(UsageError);
    expect(() => parseBenchArgs(['--runs', '0'], ABSENT)).toThrow(/--runs must be a positive integer/);
    expect(() => parseBenchArgs(['--fast'], ABSENT)).toThrow(UsageError);
    expect(() => parseBenchArgs(['--help'], ABSENT)).toThrow(HelpRequested);
  });
});

describe('bench datasets', () => {
  it('every source the index-staleness hash reads exists (a moved file failed `npm run bench` on a fresh clone)', async () => {
    const { INDEX_SOURCES } = await import('../../bench/datasets.js');
    const { REPO_ROOT } = await import('../../bench/options.js');
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const entry of INDEX_SOURCES) expect(existsSync(join(REPO_ROOT, entry)), entry).toBe(true);
  });
});
