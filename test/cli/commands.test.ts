/**
 * Every command's error path, in process: one or two lines naming the problem and
 * the fix, exit 2 for usage errors and 1 for failures, no stack trace unless
 * LOG_LEVEL=debug. Bad options are refused, never turned into "no results".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { askCommand } from '../../src/cli/ask-cmd.js';
import { evalCommand } from '../../src/cli/eval-cmd.js';
import { indexCommand } from '../../src/cli/index-cmd.js';
import { searchCommand } from '../../src/cli/search-cmd.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.js';
import { SEEDS_DIR, buildSeedsIndex, cleanup, tempDir } from '../helpers/corpus.js';

let index: string;
let scratch: string;
let fake: FakeOpenAI;

beforeAll(async () => {
  index = await tempDir('qa-cli-index-');
  scratch = await tempDir('qa-cli-');
  await buildSeedsIndex(index);
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  await cleanup(index, scratch);
});
afterEach(() => vi.unstubAllEnvs());

/** Runs a command with a clean environment plus `env`; returns exit code and output. */
async function run(command: (argv: string[]) => Promise<number>, argv: string[], env: Record<string, string> = {}) {
  const base: Record<string, string> = { INDEX_DIR: index, CORPUS_DIR: SEEDS_DIR, EMBEDDER: 'local', ANSWER_MODE: 'extractive', LOG_LEVEL: 'info' };
  for (const k of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'CHUNK_SIZE', 'CHUNK_OVERLAP', 'MIN_RELEVANCE']) vi.stubEnv(k, '');
  for (const [k, v] of Object.entries({ ...base, ...env })) vi.stubEnv(k, v);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await command(argv), out, err, lines: err.trim().split('\n').filter(Boolean) };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('usage errors exit 2 with one line naming the option (and the usage)', () => {
  it.each([
    [['李尚福', '--k', 'abc'], /--k must be a whole number/],
    [['李尚福', '--k', '0'], /--k must be a whole number/],
    [['李尚福', '--k=-1'], /--k must be a whole number.*"-1"/],
    [['李尚福', '--k', '-1'], /--k must be a whole number.*"-1"/],
    [['李尚福', '--from', '2023-13-45'], /--from must be a date like 2023-08-15/],
    [['李尚福', '--to', 'yesterday'], /--to must be a date/],
    [['李尚福', '--from', '2023-09-01', '--to', '2023-01-01'], /--from 2023-09-01 is after --to/],
    [['李尚福', '--nope'], /Unknown option '--nope'/],
  ])('search %j', async (argv, message) => {
    const r = await run(searchCommand, argv);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(message);
    expect(r.lines.length).toBeLessThanOrEqual(2);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('an unknown --source lists the known outlets', async () => {
    const r = await run(searchCommand, ['李尚福', '--source', 'BBC']);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(/--source "BBC" matches no outlet.*known outlets: .*(德国之声|德國之聲)/);
  });

  it.each([
    [['李尚福去了哪里？', '--lang', 'fr'], /--lang must be one of zh-Hans, zh-Hant, en \(got "fr"\)/],
    [['李尚福去了哪里？', '--mode', 'smart'], /--mode must be one of extractive, generative/],
    [['长'.repeat(5000)], /5000 characters long; the limit is 500 \(MAX_QUESTION_CHARS\)/],
    [[], /^usage: npm run ask/],
  ])('ask %#', async (argv, message) => {
    const r = await run(askCommand, argv);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(message);
  });

  it('eval and index refuse unknown options; every command has --help on stdout', async () => {
    expect((await run(evalCommand, ['--queries', 'q.jsonl'])).lines[0]).toMatch(/--corpus and --queries are required/);
    expect((await run(indexCommand, ['--ful'])).code).toBe(2);
    for (const command of [askCommand, searchCommand, indexCommand, evalCommand]) {
      const r = await run(command, ['--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: npm run /);
    }
  });
});

describe('bad settings: one line naming the variable, then the fix', () => {
  it.each([
    [{ CHUNK_SIZE: 'abc' }, /CHUNK_SIZE: .*"abc"/],
    [{ MIN_RELEVANCE: '2' }, /MIN_RELEVANCE: .*"2"/],
    [{ EMBEDDER: 'foo' }, /EMBEDDER: .*"foo"/],
    [{ OPENAI_BASE_URL: 'localhost:11434' }, /OPENAI_BASE_URL: expected a URL/],
    [{ CHUNK_SIZE: '100', CHUNK_OVERLAP: '200' }, /CHUNK_OVERLAP: must be smaller than CHUNK_SIZE \(100\)/],
  ])('%j', async (env, message) => {
    const r = await run(searchCommand, ['李尚福'], env);
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatch(/^invalid setting: /);
    expect(r.lines[0]).toMatch(message);
    expect(r.lines[1]).toMatch(/\.env/);
  });

  it('LOG_LEVEL=debug adds the stack trace', async () => {
    const r = await run(searchCommand, ['李尚福'], { CHUNK_SIZE: 'abc', LOG_LEVEL: 'debug' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at /);
  });
});

describe('failures exit 1 with the problem and the fix', () => {
  it('generative mode without a key or server', async () => {
    const r = await run(askCommand, ['李尚福去了哪里？', '--mode', 'generative']);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      'generative mode needs OPENAI_API_KEY or OPENAI_BASE_URL',
      expect.stringMatching(/--mode extractive/),
    ]);
  });

  it('a missing corpus folder on the first-run build', async () => {
    const r = await run(askCommand, ['李尚福去了哪里？'], { INDEX_DIR: join(scratch, 'none'), CORPUS_DIR: join(scratch, 'missing') });
    expect(r.code).toBe(1);
    expect(r.lines.at(-2)).toMatch(/^ask: corpus folder not found: .*missing$/);
    expect(r.lines.at(-1)).toMatch(/CORPUS_DIR/);
  });

  it('an empty corpus folder on the first-run build', async () => {
    const empty = join(scratch, 'empty');
    await mkdir(empty, { recursive: true });
    const r = await run(searchCommand, ['李尚福'], { INDEX_DIR: join(scratch, 'idx-empty'), CORPUS_DIR: empty });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no article \.txt files in .*empty/);
  });

  it('every file skipped: index gives the reasons, in --json too', async () => {
    const bad = join(scratch, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, 'note.txt'), 'just some words, no header');
    const r = await run(indexCommand, ['--json'], { INDEX_DIR: join(scratch, 'idx-bad'), CORPUS_DIR: bad });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { error: string; skipped: { file: string; reason: string }[] };
    expect(report.skipped).toEqual([{ file: expect.stringContaining('note.txt'), reason: expect.any(String) }]);
    expect(report.skipped[0]!.reason.length).toBeGreaterThan(3);
    const text = await run(indexCommand, [], { INDEX_DIR: join(scratch, 'idx-bad'), CORPUS_DIR: bad });
    expect(text.err).toContain(`skipped ${report.skipped[0]!.file}: ${report.skipped[0]!.reason}`);
  });

  it('the index/embedder mismatch names the fix', async () => {
    const r = await run(searchCommand, ['李尚福'], { EMBEDDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL });
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^search: the index was built with local:.*npm run index -- --full/);
  });

  it('an unreachable embeddings server is named within about a second', async () => {
    const t0 = Date.now();
    const r = await run(indexCommand, [], { INDEX_DIR: join(scratch, 'idx-remote'), EMBEDDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.code).toBe(1);
    expect(r.err).toContain('http://127.0.0.1:9/v1');
    expect(r.err).not.toContain('sk-test');
  });
});

describe('seeing what is indexed', () => {
  it('index --list shows totals, outlets and every article', async () => {
    const r = await run(indexCommand, ['--list']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^5 articles, \d+ chunks, 2023-\d\d-\d\d – 2023-\d\d-\d\d; built /);
    expect(r.out.match(/^\d{4}-\d{2}-\d{2} {2}/gm)).toHaveLength(5);
    const json = JSON.parse((await run(indexCommand, ['--list', '--json'])).out) as { list: unknown[] };
    expect(json.list).toHaveLength(5);
  });

  it('search explains score versus relevance', async () => {
    const r = await run(searchCommand, ['李尚福 俄罗斯', '--k', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/score orders the list.*relevance \(0–1\)/);
  });
});
