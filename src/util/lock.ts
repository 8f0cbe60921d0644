/**
 * One index build at a time per INDEX_DIR (and one feed fetch per corpus folder,
 * under another lock name). A lock left by a killed run is taken over. A caller
 * may wait for a live holder (a second first run waits for the first one's build
 * instead of failing).
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class IndexBusyError extends Error {
  constructor(readonly pid: number, dir: string, path: string, what: string) {
    super(`another ${what} (pid ${pid}) is using ${dir}; wait for it or remove ${path}`);
    this.name = 'IndexBusyError';
  }
}

export interface LockWait {
  /** How long to wait for a live holder; 0 (default) fails at once. */
  waitMs?: number;
  /** Called once when waiting starts. */
  onWait?: (pid: number) => void;
}

const POLL_MS = 200;

/** The pid of a live run holding the lock, if any. */
async function holder(path: string): Promise<number | undefined> {
  const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return pid && pid !== process.pid && alive(pid) ? pid : undefined;
}

/** Resolves once no live run holds the lock (or throws IndexBusyError after waitMs). */
export async function waitForUnlock(dir: string, wait: LockWait = {}, name = '.lock', what = 'index run'): Promise<void> {
  const path = join(dir, name);
  const deadline = Date.now() + (wait.waitMs ?? 0);
  let told = false;
  for (let pid = await holder(path); pid; pid = await holder(path)) {
    if (Date.now() >= deadline) throw new IndexBusyError(pid, dir, path, what);
    if (!told) wait.onWait?.(pid);
    told = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export async function acquireLock(dir: string, name = '.lock', what = 'index run', wait: LockWait = {}): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await holder(path)) {
        await waitForUnlock(dir, wait, name, what);
        attempt--; // the holder finished: try again, not counted as a stale takeover
        continue;
      }
      await rm(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`could not lock ${path}`);
}
