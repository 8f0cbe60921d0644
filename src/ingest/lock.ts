/**
 * One index build at a time per INDEX_DIR (and one feed fetch per corpus folder,
 * under another lock name). A lock left by a killed run is taken over.
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

export async function acquireLock(dir: string, name = '.lock', what = 'index run'): Promise<() => Promise<void>> {
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
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new Error(`another ${what} (pid ${pid}) is using ${dir}; wait for it or remove ${path}`);
      }
      await rm(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`could not lock ${path}`);
}
