import { afterAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { evalCommand } from '../../src/cli/eval-cmd.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { SEEDS_DIR, cleanup, tempDir } from '../helpers/corpus.js';

const QUERIES = join(import.meta.dirname, '..', 'fixtures', 'eval-seeds.jsonl');
const KEYS = ['queries', 'recall_at_1', 'recall_at_5', 'recall_at_10', 'mrr_at_10', 'refusal_accuracy', 'answered_rate', 'refused_rate', 'answer_hit_rate', 'filter_accuracy', 'top2_in_gold', 'p50_ms', 'p95_ms'];
const dirs: string[] = [];
afterAll(() => cleanup(...dirs));

async function captureStdout(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await run(), out };
  } finally {
    spy.mockRestore();
  }
}

describe('npm run eval over the seeds', () => {
  it('prints exactly the report keys as JSON, broken down by language', async () => {
    const cache = await tempDir('eval-cache-');
    dirs.push(cache);
    const { code, out } = await captureStdout(() => evalCommand(['--corpus', SEEDS_DIR, '--queries', QUERIES, '--json', '--cache-dir', cache]));
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown> & { by_lang: Record<string, Record<string, unknown>> };
    expect(Object.keys(report).sort()).toEqual([...KEYS, 'by_lang'].sort());
    expect(report.queries).toBe(6);
    expect(Object.keys(report.by_lang).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant']);
    for (const m of Object.values(report.by_lang)) expect(Object.keys(m).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS.slice(1, 7)) {
      const v = report[key] as number;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('reuses the cached index and runs the ablation rows on it', async () => {
    const cache = await tempDir('eval-cache-');
    dirs.push(cache);
    const opts = {
      corpusDirs: [SEEDS_DIR], queriesFile: QUERIES, cacheDir: cache, k: 10, answerK: 5, minRelevance: 0.3,
      settings: { chunkSize: 300, chunkOverlap: 60, maxFileBytes: 2_000_000 },
    };
    const first = await evaluate({ ...opts, ablate: false });
    expect(first.index.built?.articles).toBe(5);
    const second = await evaluate({ ...opts, ablate: true });
    expect(second.index.built).toBeUndefined();
    expect(second.index.indexDir).toBe(first.index.indexDir);
    expect(second.rows.map((r) => r.variant)).toEqual(['lexical only', 'vector only', 'hybrid', 'hybrid + expansion']);
    const other = await evaluate({ ...opts, ablate: false, settings: { ...opts.settings, chunkSize: 200 } });
    expect(other.index.indexDir).not.toBe(first.index.indexDir);
  });

  it('rejects a missing queries file or corpus with a usage error', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await evalCommand(['--queries', QUERIES])).toBe(2);
      expect(await evalCommand(['--corpus', SEEDS_DIR, '--queries', '/nonexistent.jsonl', '--json'])).toBe(1);
    } finally {
      err.mockRestore();
    }
  });
});
