/** `npm run bench [-- --json] [--quick] [--corpus DIR] ...` — see bench/options.ts. With DATABASE_URL: bench/pg-bench.ts. */
import { runCli } from '../src/cli/errors.js';
import { parseBenchArgs } from '../bench/options.js';
import { runBench } from '../bench/run.js';
import { runPgBench } from '../bench/pg-bench.js';
import { loadConfig, storeKind } from '../src/config.js';

/** The last step logged, and whether the run came to an end (runCli reports its failures itself). */
let step = 'starting';
let ended = false;
// Anything that ends the process early (a wait that never ends exits 13, a stray process.exit) still says what was under way.
process.on('exit', (code) => {
  if (!ended) process.stderr.write(`bench: stopped (exit code ${code}) during: ${step}\n`);
});

process.exitCode = await runCli('bench', async () => {
  const opts = parseBenchArgs(process.argv.slice(2));
  // With DATABASE_URL (or STORE=postgres) the store figures are the PostgreSQL store's.
  const config = loadConfig();
  const log = (line: string) => {
    step = line.trim();
    process.stderr.write(`${line}\n`);
  };
  const pgUrl = storeKind(config) === 'postgres' && opts.only !== 'refresh' ? config.DATABASE_URL : undefined;
  const { figures, text } = pgUrl ? await runPgBench(opts, pgUrl, log) : await runBench(opts, log);
  if (opts.json) process.stderr.write(`${text}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(figures)}\n` : `${text}\n`);
  return 0;
});
ended = true;
