/**
 * `npm start`: load the index, log the Discord bot in, refresh the corpus from the
 * feeds every FEED_REFRESH_MINUTES (when set), stop cleanly on SIGINT/SIGTERM.
 * With SHARD_COUNT this process is the ShardingManager: it starts one child per
 * shard (each running this file as a plain bot) and runs the feed refresh itself.
 * Startup errors take the one error path every command takes (cli/errors.ts).
 */
import { parseCommandArgs } from './cli/args.js';
import { CliError, runCli } from './cli/errors.js';
import { loadConfig, secretsOf, type Config } from './config.js';
import { startBot } from './discord/bot.js';
import { lastRefreshReader, startRefresher } from './discord/refresher.js';
import { isShard, startShards } from './discord/sharding.js';
import { openRuntime } from './app/runtime.js';
import { createLogger, type Logger } from './log.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const USAGE = 'usage: npm start   (the Discord bot; needs DISCORD_TOKEN, see README "Discord setup")';

/** Stop on SIGINT/SIGTERM: `stop` finishes in-flight work; never hang on the way out. */
function onSignals(log: Logger, stop: () => Promise<unknown>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

async function runBot(config: Config, log: Logger): Promise<void> {
  const runtime = await openRuntime(config, log);
  const feedsDir = config.CORPUS_DIR[0];
  const corpusRefresh = feedsDir ? lastRefreshReader(feedsDir) : undefined;
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({ kb: runtime.kb, answerer: runtime.answerer, config, log, corpusRefresh });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  // Under a ShardingManager the parent refreshes the corpus, once for every shard.
  const refresher = config.FEED_REFRESH_MINUTES > 0 && !isShard() ? startRefresher(config, log) : undefined;
  onSignals(log, async () => {
    refresher?.stop();
    await Promise.allSettled([bot.stop()]);
    await runtime.close();
  });
}

async function runShards(config: Config, log: Logger): Promise<void> {
  const shards = await startShards(config, log);
  const refresher = config.FEED_REFRESH_MINUTES > 0 ? startRefresher(config, log) : undefined;
  onSignals(log, async () => {
    refresher?.stop();
    await shards.stop();
  });
}

process.exitCode = await runCli('start', async () => {
  parseCommandArgs(process.argv.slice(2), {}, USAGE);
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new CliError('DISCORD_TOKEN is not set', 'put a Discord bot token in .env — see the README section "Discord setup"');
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const managing = config.SHARD_COUNT !== undefined && !isShard();
  await (managing ? runShards(config, log) : runBot(config, log));
  return 0;
});
