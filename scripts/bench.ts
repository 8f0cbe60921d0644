/** `npm run bench [-- --json] [--quick] [--corpus DIR] ...` — see bench/options.ts. */
import { runCli } from '../src/cli/errors.js';
import { parseBenchArgs } from '../bench/options.js';
import { runBench } from '../bench/run.js';

process.exitCode = await runCli('bench', async () => {
  const opts = parseBenchArgs(process.argv.slice(2));
  const { figures, text } = await runBench(opts, (line) => process.stderr.write(`${line}\n`));
  if (opts.json) process.stderr.write(`${text}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(figures)}\n` : `${text}\n`);
  return 0;
});
