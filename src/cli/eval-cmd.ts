/**
 * `npm run eval -- --corpus DIR [--corpus DIR2 ...] --queries FILE.jsonl [--k 10] [--json] [--ablate] [--cache-dir DIR]`
 *
 * Indexes the folders with the local embedder (cached per corpus state and
 * settings), runs every question through search + the extractive answerer, and
 * prints recall, MRR, refusal accuracy, answer hits and latency, per language.
 */
import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { evaluate } from '../eval/evaluate.js';
import { reportRows, table } from '../eval/format.js';
import { QueryFileError } from '../eval/queries.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { CliError, UsageError, runCli } from './errors.js';
import { createProgress } from '../app/progress.js';
import { loadExpander } from '../app/expander.js';
import { postgresStore } from '../app/store.js';

const USAGE = 'usage: npm run eval -- --corpus DIR [--corpus DIR ...] --queries FILE.jsonl [--k 10] [--json] [--ablate] [--cache-dir DIR] [--outcomes FILE.jsonl]';
const OPTIONS = {
  corpus: { type: 'string', multiple: true },
  queries: { type: 'string' },
  k: { type: 'string' },
  json: { type: 'boolean' },
  ablate: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  outcomes: { type: 'string' },
} as const;

export function evalCommand(argv: string[]): Promise<number> {
  return runCli('eval', () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS, USAGE);
  const k = positiveInt('k', values.k) ?? 10;
  if (!values.corpus?.length || !values.queries) throw new UsageError(`--corpus and --queries are required\n${USAGE}`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const config = loadConfig();
  const progress = createProgress(!values.json);
  // With DATABASE_URL the evaluation runs on the database store (the folders are indexed into it first).
  const store = postgresStore(config);
  try {
    const result = await evaluate({
      store,
      corpusDirs: values.corpus,
      queriesFile: values.queries,
      cacheDir: values['cache-dir'] ?? 'data/eval-cache',
      settings: { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES },
      k,
      answerK: config.RETRIEVAL_K,
      minRelevance: config.MIN_RELEVANCE,
      ablate: !!values.ablate,
      expand: await loadExpander(),
      referenceDate: config.REFERENCE_DATE,
      onProgress: (stage, done, total) => progress.update(stage, done, total),
    });
    progress.stop();
    const { index, rows } = result;
    // One line per question (served configuration): what to read when a figure moves.
    if (values.outcomes) await writeFile(values.outcomes, result.outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n');
    if (!values.json) {
      say(index.built
        ? `indexed ${index.built.articles} articles (${index.built.chunks} chunks) in ${index.built.ms} ms → ${index.indexDir}`
        : `reusing cached index ${index.indexDir}`);
    }
    if (values.json) {
      // Without --ablate: exactly the Report; with it, one Report per variant name.
      const out = values.ablate ? Object.fromEntries(rows.map((r) => [r.variant, r.report])) : rows[0]!.report;
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } else {
      const lines = values.ablate ? rows.flatMap((r) => reportRows(r.report, r.variant)) : reportRows(rows[0]!.report);
      process.stdout.write(`${table(lines)}\n`);
    }
    return 0;
  } catch (err) {
    progress.stop();
    throw err instanceof QueryFileError ? new CliError(`eval: ${err.message}`) : err;
  } finally {
    await store?.close();
  }
}
