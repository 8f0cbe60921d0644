/** `npm start` as a real process: refuses without a token; otherwise serves and stops cleanly on SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, CHANNELS } from '../../fakes/discord-fixtures.js';
import { FakeDiscord } from '../../fakes/discord-server.js';
import { is, sleep } from './helpers/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

let dir: string;
let server: FakeDiscord;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'discord-start-'));
  server = await FakeDiscord.start();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Run src/index.ts with only the given env (nothing inherited) and cwd outside the repo, so no .env is read. */
function start(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/index.ts'), ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`not within ${ms} ms`)))]);
}

describe('npm start', () => {
  it('without DISCORD_TOKEN: names the variable, then the fix (README "Discord setup"), exits 1', async () => {
    const run = start({});
    expect(await within(run.exited, 30_000)).toBe(1);
    expect(run.stderr()).toMatch(/^DISCORD_TOKEN is not set\n.*"Discord setup"\n$/);
  });

  it('takes the one error path: a bad setting or an unknown option is a usage error (exit 2), a missing corpus a failure (exit 1), two lines, no stack', async () => {
    const badSetting = start({ DISCORD_TOKEN: 'fake-token-for-tests', CHUNK_SIZE: 'abc' });
    const badOption = start({ DISCORD_TOKEN: 'fake-token-for-tests' }, ['--bogus']);
    const noCorpus = start({ DISCORD_TOKEN: 'fake-token-for-tests', CORPUS_DIR: join(dir, 'missing'), INDEX_DIR: join(dir, 'none'), EMBEDDER: 'local', LOG_LEVEL: 'warn' });
    expect(await within(badSetting.exited, 30_000)).toBe(2);
    expect(badSetting.stderr()).toMatch(/^invalid setting: CHUNK_SIZE.*\nfix it in \.env.*\n$/);
    expect(await within(badOption.exited, 30_000)).toBe(2);
    expect(badOption.stderr()).toMatch(/^Unknown option '--bogus'\nusage: npm start/);
    expect(await within(noCorpus.exited, 30_000)).toBe(1);
    expect(noCorpus.stderr()).toMatch(/start: corpus folder not found: .*missing\npoint CORPUS_DIR/);
    for (const run of [badSetting, badOption, noCorpus]) expect(run.stderr()).not.toMatch(/\n\s+at /);
  });

  it('--help prints the usage and exits 0', async () => {
    const run = start({}, ['--help']);
    expect(await within(run.exited, 30_000)).toBe(0);
    expect(run.stderr()).toBe('');
  });

  it('builds/loads the index, logs in, answers, and exits 0 on SIGTERM', async () => {
    const run = start({
      DISCORD_TOKEN: 'fake-token-for-tests',
      DISCORD_API_BASE: server.apiBase,
      CORPUS_DIR: join(ROOT, 'seeds'),
      INDEX_DIR: join(dir, 'index'),
      EMBEDDER: 'local',
      ANSWER_MODE: 'extractive',
      FEEDBACK_LOG: join(dir, 'feedback.jsonl'),
      LOG_LEVEL: 'warn',
    });
    for (let i = 0; i < 600 && server.gateway.connected === 0 && run.child.exitCode === null; i++) await sleep(50);
    expect(server.gateway.connected, run.stderr()).toBe(1);
    await sleep(200); // GUILD_CREATE → ready
    const since = server.mark();
    server.userMessage({ channelId: CHANNELS.general, content: `<@${BOT_USER.id}> 李尚福见了谁？` });
    const reply = await server.waitFor(is.channelMessage(CHANNELS.general), 15_000, since);
    expect(reply.body.content).toContain('**来源**');
    run.child.kill('SIGTERM');
    expect(await within(run.exited, 15_000)).toBe(0);
    expect(run.stderr()).not.toContain('fake-token-for-tests');
  });
});
