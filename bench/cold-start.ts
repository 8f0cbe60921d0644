/** Cold start and memory: open the large index in fresh child processes (clean RSS). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ColdStartSample } from './cold-child.js';
import { REPO_ROOT } from './options.js';
import { median } from './stats.js';

const CHILD = join(REPO_ROOT, 'bench', 'cold-child.ts');
const CHILD_TIMEOUT_MS = 120_000;

function runChild(indexDir: string, zh: string, en: string): Promise<ColdStartSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, indexDir, zh, en], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL',
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`cold-start child failed (${signal ?? code}): ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as ColdStartSample);
      } catch {
        reject(new Error(`cold-start child printed no result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

export type ColdStartResult = { [K in keyof ColdStartSample]: number } & { runs: ColdStartSample[] };

export async function benchColdStart(indexDir: string, zh: string, en: string, runs: number): Promise<ColdStartResult> {
  // Warm-up: the first child also warms the OS page cache and tsx's transform cache.
  await runChild(indexDir, zh, en);
  const samples: ColdStartSample[] = [];
  for (let r = 0; r < runs; r++) samples.push(await runChild(indexDir, zh, en));
  const keys = Object.keys(samples[0]!) as (keyof ColdStartSample)[];
  const med = Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])) as { [K in keyof ColdStartSample]: number };
  return { ...med, runs: samples };
}
