/** The index lock: a live holder makes a caller wait (or fail at once), a dead one is taken over. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IndexBusyError, acquireLock, waitForUnlock } from '../../src/util/lock.js';
import { REPO_ROOT } from '../reliability/helpers/index-child.js';
import { SEEDS_DIR, cleanup, tempDir } from '../helpers/corpus.js';

let dir: string;
let holder: ChildProcess | undefined;

beforeAll(async () => {
  dir = await tempDir('qa-lock-');
});
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = undefined;
});
afterAll(() => cleanup(dir));

/** Another live process "holding" the lock. */
async function holdLock(indexDir: string): Promise<ChildProcess> {
  holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await writeFile(join(indexDir, '.lock'), String(holder.pid));
  return holder;
}

describe('index lock', () => {
  it('fails at once without a wait, naming the holder', async () => {
    const child = await holdLock(dir);
    await expect(acquireLock(dir)).rejects.toThrow(IndexBusyError);
    await expect(acquireLock(dir)).rejects.toThrow(`pid ${child.pid}`);
  });

  it('with a wait, resolves when the holder releases, and takes over when it dies', async () => {
    const child = await holdLock(dir);
    let waited = false;
    setTimeout(() => void rm(join(dir, '.lock'), { force: true }), 300);
    await waitForUnlock(dir, { waitMs: 5000, onWait: () => (waited = true) });
    expect(waited).toBe(true);
    await holdLock(dir);
    setTimeout(() => holder?.kill('SIGKILL'), 300);
    const release = await acquireLock(dir, '.lock', 'index run', { waitMs: 5000 });
    await release();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    child.kill('SIGKILL');
  });
});

/** `npm run search` as a child process on a fresh INDEX_DIR. */
function searchChild(indexDir: string): Promise<{ code: number | null; stderr: string }> {
  const env = { PATH: process.env['PATH'] ?? '', INDEX_DIR: indexDir, CORPUS_DIR: SEEDS_DIR, EMBEDDER: 'local', OPENAI_API_KEY: '', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'search.ts'), '李尚福 俄罗斯', '--k', '1'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('two first runs at once', () => {
  it('both succeed: the second waits for the first build instead of failing', async () => {
    const indexDir = join(dir, 'fresh');
    const runs = await Promise.all([searchChild(indexDir), searchChild(indexDir)]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs.map((r) => r.stderr).join('\n')).not.toMatch(/another index run/);
  }, 60_000);
});
