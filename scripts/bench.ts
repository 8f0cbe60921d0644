/** `npm run bench [-- --json] [--quick] [--corpus DIR] ...` — see src/bench/options.ts. */
import { parseBenchArgs, UsageError } from '../src/bench/options.js';
import { runBench } from '../src/bench/run.js';

try {
  const opts = parseBenchArgs(process.argv.slice(2));
  const { figures, text } = await runBench(opts, (line) => process.stderr.write(`${line}\n`));
  if (opts.json) process.stderr.write(`${text}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(figures)}\n` : `${text}\n`);
} catch (err) {
  process.stderr.write(err instanceof UsageError ? `${err.message}\n` : `bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
