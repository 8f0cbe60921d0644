/**
 * One error path for every command: a typed error becomes one line naming the
 * problem (and a second naming the fix); usage errors exit 2, failures 1. The
 * stack trace is printed only with LOG_LEVEL=debug, for whoever debugs the code.
 */
import { ConfigError, stackTracesWanted } from '../config.js';
import { CorpusDirError } from '../corpus/read.js';
import { NothingToIndexError } from '../ingest/build.js';
import { IndexBusyError } from '../util/lock.js';
import { IndexMismatchError } from '../retrieve/knowledge-base.js';
import { UserFacingError } from '../answer/errors.js';
import { FixableError as CliError } from '../app/errors.js';
import { DatabaseSetupError } from '../store/pg/errors.js';

/** Bad command-line input: exit code 2. `message` may end with the usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help`: the usage goes to stdout and the command succeeds. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super(usage);
  }
}

/** A failure the user can fix: the problem, and how to fix it (defined in app/, which raises it too). */
export { FixableError as CliError } from '../app/errors.js';

const firstLine = (s: string) => s.split('\n')[0] ?? s;

export function describeError(command: string, err: unknown): { lines: string[]; code: number } {
  if (err instanceof UsageError) return { lines: err.message.split('\n').slice(0, 2), code: 2 };
  if (err instanceof ConfigError) {
    return { lines: [`invalid setting: ${err.problems.join('; ')}`, 'fix it in .env or the environment (see .env.example and README "Settings")'], code: 2 };
  }
  if (err instanceof DatabaseSetupError) return { lines: [`${command}: ${err.message}`, err.hint], code: 1 };
  if (err instanceof CliError) return { lines: [err.message, ...(err.hint ? [err.hint] : [])], code: 1 };
  if (err instanceof UserFacingError) return { lines: [firstLine(err.userMessage), `(${firstLine(err.message)})`], code: 1 };
  if (err instanceof IndexMismatchError) return { lines: [`${command}: ${firstLine(err.message)}`], code: 1 };
  if (err instanceof CorpusDirError) {
    return { lines: [`${command}: ${err.message}`, 'point CORPUS_DIR (or --corpus) at a folder of article .txt files; seeds/ is the example corpus'], code: 1 };
  }
  if (err instanceof IndexBusyError) return { lines: [`${command}: ${err.message}`], code: 1 };
  if (err instanceof NothingToIndexError) {
    return { lines: [`${command}: ${firstLine(err.message)}`, 'add article .txt files there, or point CORPUS_DIR (or --corpus) at a folder that has them'], code: 1 };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { lines: [`${command} failed: ${firstLine(message)}`, ...(stackTracesWanted() ? [] : ['(run with LOG_LEVEL=debug for the details)'])], code: 1 };
}

/** Runs a command body and turns whatever it throws into the one error path. */
export async function runCli(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${err.usage}\n`);
      return 0;
    }
    const { lines, code } = describeError(command, err);
    process.stderr.write(`${lines.join('\n')}\n`);
    if (stackTracesWanted() && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return code;
  }
}
