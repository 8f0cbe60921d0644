/**
 * SHARD_COUNT: the bot as discord.js shards, one child process each, under a
 * ShardingManager in the parent. Every shard runs src/index.ts as a plain bot over
 * the same index (the same database, or the same local index folder, each with its
 * own hot reload); the parent spawns and supervises them and runs the scheduled
 * feed refresh, so there is one refresh however many shards.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const ENTRY = join(ROOT, 'src', 'index.ts');
const SPAWN_TIMEOUT_MS = 120_000;

/** Whether this process is one shard that a ShardingManager started. */
export function isShard(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER !== undefined;
}

/** `auto`: the count Discord recommends for this bot (GET /gateway/bot), through DISCORD_API_BASE when set. */
export async function shardTotal(config: Config): Promise<number> {
  if (typeof config.SHARD_COUNT === 'number') return config.SHARD_COUNT;
  const base = (config.DISCORD_API_BASE ?? 'https://discord.com/api').replace(/\/+$/, '');
  const res = await fetch(`${base}/v10/gateway/bot`, { headers: { Authorization: `Bot ${config.DISCORD_TOKEN ?? ''}` }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`Discord did not say how many shards to run (GET /gateway/bot: HTTP ${res.status}); set SHARD_COUNT to a number`);
  const { shards } = (await res.json()) as { shards?: number };
  return Math.max(1, Number(shards) || 1);
}

export interface RunningShards {
  total: number;
  stop(): Promise<void>;
}

export async function startShards(config: Config, log: Logger): Promise<RunningShards> {
  const total = await shardTotal(config);
  const manager = new ShardingManager(ENTRY, { totalShards: total, token: config.DISCORD_TOKEN, execArgv: ['--import', TSX], respawn: true, mode: 'process' });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, total }, 'shard started');
    shard.on('death', () => log.warn({ shard: shard.id }, 'shard exited'));
  });
  await manager.spawn({ amount: total, delay: config.SHARD_SPAWN_DELAY_MS, timeout: SPAWN_TIMEOUT_MS });
  log.info({ shards: total }, 'all shards ready');
  return {
    total,
    async stop() {
      // SIGTERM: each shard drains its answers and logs out (src/index.ts), then exits.
      const exits = [...manager.shards.values()].map((shard) => new Promise<void>((done) => {
        const child = shard.process;
        if (!child || child.exitCode !== null) return done();
        child.once('exit', () => done());
        shard.kill();
      }));
      await Promise.all(exits);
    },
  };
}
