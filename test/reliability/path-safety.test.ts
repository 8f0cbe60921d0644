/**
 * `/article` lookups with path-like input: no file is opened, nothing is found,
 * and the refusal does not echo file contents. The fs modules are wrapped so any
 * call naming a path during a lookup is recorded.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const fsSpy = vi.hoisted(() => ({ on: false, calls: [] as string[] }));
const IO = /^(read|open|stat|lstat|access|exists|createReadStream|realpath|opendir|copyFile|cp)/;

/** Pass-through module whose I/O functions record their first argument while recording is on. */
function recording<T extends Record<string, unknown>>(real: T, label: string): T {
  const wrapped: Record<string, unknown> = { ...real };
  for (const [name, value] of Object.entries(real)) {
    if (typeof value !== 'function' || !IO.test(name)) continue;
    wrapped[name] = (...args: unknown[]) => {
      // Reads through a descriptor (a number) are of the index's own files, opened when it was loaded;
      // what must never happen is a lookup naming a path.
      if (fsSpy.on && typeof args[0] !== 'number') fsSpy.calls.push(`${label}.${name}(${String(args[0])})`);
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  return { ...wrapped, default: wrapped } as unknown as T;
}
vi.mock('node:fs/promises', async (orig) => recording(await orig<Record<string, unknown>>(), 'fs/promises'));
vi.mock('node:fs', async (orig) => recording(await orig<Record<string, unknown>>(), 'fs'));

const { runArticle } = await import('../../src/present/actions.js');
const { BotUserError } = await import('../../src/present/messages.js');
const { markdownStyle } = await import('../../src/present/style.js');
const { openKnowledgeBase } = await import('../../src/retrieve/knowledge-base.js');
const { warmExpander } = await import('../../src/app/expander.js');
const { buildSeedsIndex, cleanup, SEEDS_DIR, tempDir } = await import('../helpers/corpus.js');

type KB = import('../../src/retrieve/knowledge-base.js').LoadedKnowledgeBase;
let index: string;
let kb: KB;

const HOSTILE = [
  '../../etc/passwd', '/etc/passwd', 'file:///etc/passwd', '..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd', '../../../../../../../../proc/self/environ', '~/.ssh/id_rsa', '.env', '\0../../etc/passwd',
  'seeds/000_1eb21f1afc37bb39.txt', join(SEEDS_DIR, '000_1eb21f1afc37bb39.txt'), 'data/index/CURRENT',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '<script>alert(1)</script>', "' OR 1=1 --", '${process.env.DISCORD_TOKEN}',
  'a'.repeat(100_000),
];

beforeAll(async () => {
  index = await tempDir('qa-path-safety-');
  await buildSeedsIndex(index);
  kb = await openKnowledgeBase(index);
  // The dictionary (a package's data file) is read once per process; the bot loads it at start, before any input.
  await warmExpander();
  // Seed-file and index paths must not work even when they exist.
  HOSTILE.push(join(index, 'CURRENT'), join(index, kb.store.segments[0]!.entry.name, 'articles.json'));
});
afterAll(async () => cleanup(index));

async function withoutFileReads<T>(fn: () => Promise<T> | T): Promise<{ value: T; reads: string[] }> {
  fsSpy.calls = [];
  fsSpy.on = true;
  try {
    return { value: await fn(), reads: [...fsSpy.calls] };
  } finally {
    fsSpy.on = false;
  }
}

describe('path-like /article input', () => {
  it('the spy sees real reads (sanity check)', async () => {
    const { reads } = await withoutFileReads(() => openKnowledgeBase(index));
    expect(reads.some((r) => /manifest-\d+\.json\)/.test(r))).toBe(true);
  });

  it('kb.getArticle finds nothing and reads no file', async () => {
    for (const input of HOSTILE) {
      const { value, reads } = await withoutFileReads(() => kb.getArticle(input));
      expect(value, input.slice(0, 60)).toBeUndefined();
      expect(reads, input.slice(0, 60)).toEqual([]);
    }
  });

  it('/article refuses with "not found", reads no file and echoes no file content', async () => {
    for (const input of HOSTILE) {
      const { value, reads } = await withoutFileReads(() => runArticle(kb, input, markdownStyle).then(() => 'found', (e: unknown) => e));
      expect(value, input.slice(0, 60)).toBeInstanceOf(BotUserError);
      const message = (value as Error).message;
      expect(message).not.toMatch(/root:|BEGIN|PRIVATE KEY|李尚福/);
      expect(message.length).toBeLessThan(400);
      expect(reads, input.slice(0, 60)).toEqual([]);
    }
  });

  it('title autocomplete with path-like input reads no file', async () => {
    for (const input of HOSTILE) {
      const { value, reads } = await withoutFileReads(() => kb.findTitles(input, 25));
      expect(value).toEqual([]);
      expect(reads).toEqual([]);
    }
  });

  it('a real id or URL still works (the lookup is not simply broken)', async () => {
    const some = kb.findTitles('李尚福', 1)[0];
    expect(some).toBeDefined();
    const { value, reads } = await withoutFileReads(() => runArticle(kb, some!.url, markdownStyle));
    expect(value).toContain(some!.title.slice(0, 5));
    expect(reads).toEqual([]);
  });
});
