import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

// The layering and size limits the README describes, checked on every run so they stay true.
describe('source layout', () => {
  it('has no upward imports, no cycles, no file over 350 lines and no function over 80 lines', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/dev/import-graph.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/\d+ files, 0 problems/);
    expect(run.status).toBe(0);
  });
});
