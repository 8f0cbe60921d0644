/** `npm run chat`: talk to the bot's brain in the terminal (no Discord needed). */
import { parseCommandArgs } from '../src/cli/args.js';
import { runChat } from '../src/cli/chat.js';
import { runCli } from '../src/cli/errors.js';
import { loadConfig, secretsOf } from '../src/config.js';
import { openRuntime } from '../src/app/runtime.js';
import { createLogger } from '../src/log.js';

const USAGE = 'usage: npm run chat   (then type a question, /help for commands, /quit or Ctrl-D to leave)';

process.exitCode = await runCli('chat', async () => {
  parseCommandArgs(process.argv.slice(2), {}, USAGE);
  const config = loadConfig();
  // Logs go to stderr at warn and above, so the conversation stays readable.
  const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretsOf(config) });
  const runtime = await openRuntime(config, log);
  try {
    await runChat({ kb: runtime.kb, answerer: runtime.answerer, config, log, input: process.stdin, output: process.stdout });
  } finally {
    await runtime.close();
  }
  return 0;
});
