/**
 * The bot's own corpus refresh (FEED_REFRESH_MINUTES): fetch + incremental index
 * in a child process, so that parsing and indexing never hold up answers; the
 * running bot picks the new index up through its hot reload. One refresh at a
 * time; a failed one is logged and the last good index keeps serving.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import type { RefreshResult } from '../app/refresh.js';
import { STATE_FILE, type LastRun } from '../corpus/feeds/store.js';
import type { Logger } from '../log.js';

export type RefreshRunner = () => Promise<RefreshResult>;

export interface Refresher {
  /** Run one refresh now, unless one is already running (then false). */
  runNow(): Promise<boolean>;
  stop(): void;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const SCRIPT = join(ROOT, 'scripts', 'refresh.ts');
/** Kill a refresh that hangs far beyond any feed timeout. */
const CHILD_TIMEOUT_MS = 30 * 60_000;

/** `scripts/refresh.ts --json` in a child with this environment (default: the bot's own). */
export function childRefresh(env: NodeJS.ProcessEnv = process.env): RefreshRunner {
  return () =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--import', TSX, SCRIPT, '--json'], {
        env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL',
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-2000)));
      child.on('error', fail);
      child.on('close', (code, signal) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          const result = JSON.parse(last) as RefreshResult;
          if (code === 0 || result.fetch) return done(result);
        } catch {
          // no JSON: the refresh failed before its summary
        }
        const why = stderr.trim().split('\n').at(-1) || `exit ${code ?? signal}`;
        fail(new Error(`refresh failed: ${why}`));
      });
    });
}

export function startRefresher(config: Config, log: Logger, run: RefreshRunner = childRefresh()): Refresher {
  let running = false;
  let stopped = false;
  const runNow = async (): Promise<boolean> => {
    if (running || stopped) return false;
    running = true;
    try {
      const { fetch, index } = await run();
      for (const f of fetch.failed) log.warn(`feed ${f.feed} → ${f.reason}`);
      if (fetch.feeds === 0) throw new Error(`no feed could be read (${fetch.failed.length} failed)`);
      log.info({ feeds: fetch.feeds, new: fetch.new, updated: fetch.updated, failed: fetch.failed.length, indexed: index?.articles ?? null }, 'corpus refreshed');
    } catch (err) {
      log.error({ err }, 'corpus refresh failed; still serving the last good index');
    } finally {
      running = false;
    }
    return true;
  };
  const every = config.FEED_REFRESH_MINUTES * 60_000;
  // The first refresh soon after start (a bot restarted often would otherwise never refresh).
  let timer = setTimeout(function tick() {
    void runNow().finally(() => {
      if (!stopped) timer = setTimeout(tick, every).unref();
    });
  }, Math.min(every, 5_000)).unref();
  log.info({ minutes: config.FEED_REFRESH_MINUTES, feeds: config.FEED_URLS.length }, 'scheduled corpus refresh');
  return {
    runNow,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * The last refresh as recorded next to the corpus (by this bot or by cron), for /stats.
 * Synchronous for the caller: returns what was last read and re-reads in the background.
 */
export function lastRefreshReader(corpusDir: string, maxAgeMs = 5_000): () => LastRun | undefined {
  let value: LastRun | undefined;
  let readAt = -Infinity;
  const reload = () => {
    readAt = performance.now();
    void readFile(join(corpusDir, STATE_FILE), 'utf8')
      .then((text) => (value = (JSON.parse(text) as { lastRun?: LastRun }).lastRun ?? value))
      .catch(() => {});
  };
  reload();
  return () => {
    if (performance.now() - readAt > maxAgeMs) reload();
    return value;
  };
}
