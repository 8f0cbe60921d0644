/** `npm run bench` command-line options. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCommandArgs } from '../src/cli/args.js';
import { UsageError } from '../src/cli/errors.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_CORPUS = join(REPO_ROOT, '..', 'shared', 'bench', 'scale', 'corpus');
/** Without the shared corpus (a fresh clone), the base corpus is generated from the seeds. */
export const SEEDS_CORPUS = join(REPO_ROOT, 'seeds');
const GENERATED_BASE_CHUNKS = 3000;
/** A fresh clone's large corpus: the full 100k-chunk run takes 8+ minutes on 2 cores; this keeps it to a few. */
export const FRESH_LARGE_CHUNKS = 30_000;

export interface BenchOptions {
  corpus: string;
  /** Set when `corpus` is only the source of a generated base corpus of this many chunks. */
  generateBase?: number;
  json: boolean;
  quick: boolean;
  /** Measured runs per figure (after a warm-up); the median is reported. */
  runs: number;
  queries: number;
  asks: number;
  smallChunks: number;
  largeChunks: number;
  seed: number;
  tune: boolean;
  /** Keep generated corpora and indexes here and reuse them next time (default: a temp dir, removed). */
  work?: string;
  /** Only this figure (`refresh`: needs no --corpus, its corpus is made from seeds/). */
  only?: 'refresh';
}

export const USAGE = `usage: npm run bench -- [--corpus DIR] [--json] [--quick] [--runs N] [--queries N] [--asks N]
                       [--small-chunks N] [--large-chunks N] [--seed N] [--no-tune] [--work DIR] [--only refresh]`;

export { UsageError };

function positiveInt(name: string, value: string | undefined, def: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer (got "${value}")`);
  return n;
}

export function parseBenchArgs(argv: string[], defaultCorpus = DEFAULT_CORPUS): BenchOptions {
  const { values } = parseCommandArgs(
    argv,
    {
      corpus: { type: 'string' }, json: { type: 'boolean' }, quick: { type: 'boolean' }, runs: { type: 'string' },
      queries: { type: 'string' }, asks: { type: 'string' }, 'small-chunks': { type: 'string' }, 'large-chunks': { type: 'string' },
      seed: { type: 'string' }, 'no-tune': { type: 'boolean' }, work: { type: 'string' }, only: { type: 'string' },
    } as const,
    USAGE,
  );
  const quick = !!values.quick;
  if (values.only !== undefined && values.only !== 'refresh') throw new UsageError(`--only must be "refresh" (got "${values.only}")`);
  const only = values.only;
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  const corpus = resolve(values.corpus ?? defaultCorpus);
  if (values.corpus && !isDir(corpus)) {
    throw new UsageError(`benchmark corpus not found: ${corpus}\npass --corpus DIR with a folder of corpus .txt files`);
  }
  const generate = !isDir(corpus);
  // A fresh clone (no corpus to measure) gets a short run by default; every size can still be set.
  const short = quick || generate;
  return {
    corpus: generate ? SEEDS_CORPUS : corpus,
    ...(generate ? { generateBase: GENERATED_BASE_CHUNKS } : {}),
    json: !!values.json,
    quick: short,
    runs: positiveInt('runs', values.runs, short ? 1 : 3),
    queries: positiveInt('queries', values.queries, short ? 150 : 500),
    asks: positiveInt('asks', values.asks, short ? 40 : 150),
    smallChunks: positiveInt('small-chunks', values['small-chunks'], 10_000),
    largeChunks: positiveInt('large-chunks', values['large-chunks'], generate ? FRESH_LARGE_CHUNKS : 100_000),
    seed: positiveInt('seed', values.seed, 42),
    tune: !short && !values['no-tune'],
    work: values.work ? resolve(values.work) : undefined,
    only,
  };
}
