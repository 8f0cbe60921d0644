/** `npm run chat`: talk to the bot's brain in the terminal (no Discord needed). */
import { runChat } from '../src/cli/chat.js';
import { ConfigError, loadConfig, secretsOf } from '../src/config.js';
import { openRuntime } from '../src/discord/runtime.js';
import { createLogger } from '../src/log.js';

try {
  const config = loadConfig();
  // Logs go to stderr at warn and above, so the conversation stays readable.
  const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretsOf(config) });
  const runtime = await openRuntime(config, log);
  try {
    await runChat({ kb: runtime.kb, answerer: runtime.answerer, config, log, input: process.stdin, output: process.stdout });
  } finally {
    await runtime.close();
  }
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `chat failed: ${(err as Error).message}`}\n`);
  process.exitCode = 1;
}
