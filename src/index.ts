/**
 * `npm start`: load the index, log the Discord bot in, refresh the corpus from the
 * feeds every FEED_REFRESH_MINUTES (when set), stop cleanly on SIGINT/SIGTERM.
 */
import { ConfigError, loadConfig, secretsOf, type Config } from './config.js';
import { startBot } from './discord/bot.js';
import { lastRefreshReader, startRefresher } from './discord/refresher.js';
import { openRuntime } from './app/runtime.js';
import { createLogger } from './log.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
if (!config.DISCORD_TOKEN) {
  fail('DISCORD_TOKEN is not set. The bot needs a Discord bot token in .env — see the README section "Discord setup".');
}

const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
try {
  const runtime = await openRuntime(config, log);
  const feedsDir = config.CORPUS_DIR[0];
  const corpusRefresh = feedsDir ? lastRefreshReader(feedsDir) : undefined;
  const bot = await startBot({ kb: runtime.kb, answerer: runtime.answerer, config, log, corpusRefresh });
  const refresher = config.FEED_REFRESH_MINUTES > 0 ? startRefresher(config, log) : undefined;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    refresher?.stop();
    // Never hang on the way out.
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    void Promise.allSettled([bot.stop()])
      .then(() => runtime.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'bot failed to start');
  fail(`The bot failed to start: ${(err as Error).message}`);
}
