/** Runs `scripts/index.ts` in a child process with a controlled environment, optionally SIGKILLing it after a delay. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPT = join(REPO_ROOT, 'scripts', 'index.ts');
const HARD_TIMEOUT_MS = 60_000;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Build stages the child reported before it ended ("read", "diff", ...). */
  stages: string[];
  /** Milliseconds from spawn to the first stage line, and to exit. */
  firstStageMs?: number;
  ms: number;
  stderr: string;
}

export function runIndexChild(o: { indexDir: string; corpusDir: string; full?: boolean; killAfterMs?: number }): Promise<ChildRun> {
  // No inherited environment: the child must not pick up keys or an INDEX_DIR from the developer's shell.
  const env = { INDEX_DIR: o.indexDir, CORPUS_DIR: o.corpusDir, EMBEDDER: 'local', OPENAI_API_KEY: '', DISCORD_TOKEN: '', LOG_LEVEL: 'silent' };
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...(o.full ? ['--full'] : [])], {
    cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: HARD_TIMEOUT_MS, killSignal: 'SIGKILL',
  });
  const stages: string[] = [];
  let stderr = '';
  let firstStageMs: number | undefined;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const m of d.toString().matchAll(/^(read|diff|chunk|embed|write):/gm)) {
      firstStageMs ??= performance.now() - started;
      stages.push(m[1]!);
    }
  });
  const timer = o.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), o.killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stages, firstStageMs, ms: performance.now() - started, stderr });
    });
  });
}
