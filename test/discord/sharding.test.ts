/**
 * SHARD_COUNT=2: `npm start` runs a ShardingManager with two shard processes against
 * the fake gateway; each identifies as its shard, the guild's shard answers its
 * messages, and SIGTERM stops the manager and both shards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, CHANNELS, GUILD_ID } from '../../fakes/discord-fixtures.js';
import { FakeDiscord } from '../../fakes/discord-server.js';
import { is, sleep } from './helpers/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

let dir: string;
let server: FakeDiscord;
let child: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'discord-shards-'));
  server = await FakeDiscord.start();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm start with SHARD_COUNT', () => {
  it('runs two shards on one index; the guild\'s shard answers; SIGTERM stops them all', async () => {
    const env = {
      DISCORD_TOKEN: 'fake-token-for-tests', DISCORD_API_BASE: server.apiBase, SHARD_COUNT: '2', SHARD_SPAWN_DELAY_MS: '100',
      CORPUS_DIR: join(ROOT, 'seeds'), INDEX_DIR: join(dir, 'index'), EMBEDDER: 'local', ANSWER_MODE: 'extractive',
      FEEDBACK_LOG: join(dir, 'feedback.jsonl'), LOG_LEVEL: 'warn', PATH: process.env.PATH ?? '',
    };
    child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/index.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 1800 && server.gateway.connected < 2 && child.exitCode === null; i++) await sleep(50);
    expect(server.gateway.connected, stderr).toBe(2);
    expect(server.gateway.shards.map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    await sleep(300); // GUILD_CREATE → ready on the owning shard
    const owner = Number((BigInt(GUILD_ID) >> 22n) % 2n);
    expect(owner).toBeGreaterThanOrEqual(0);
    const since = server.mark();
    server.userMessage({ channelId: CHANNELS.general, content: `<@${BOT_USER.id}> 李尚福见了谁？` });
    const reply = await server.waitFor(is.channelMessage(CHANNELS.general), 20_000, since);
    expect(reply.body.content).toContain('**来源**');
    await sleep(500);
    // One guild, one shard: exactly one answer.
    expect(server.calls.filter((c) => c.at >= reply.at - 5000 && c.method === 'POST' && c.path === `/channels/${CHANNELS.general}/messages`)).toHaveLength(1);
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout')]);
    expect(code, stderr).toBe(0);
    for (let i = 0; i < 100 && server.gateway.connected > 0; i++) await sleep(50);
    expect(server.gateway.connected).toBe(0);
    expect(stderr).not.toContain('fake-token-for-tests');
  });
});
