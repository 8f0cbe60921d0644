import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/corpus/read.js';

const SEEDS = 'seeds';
const MAX_BYTES = 100_000;
const RFA_URL = 'https://www.rfa.org/mandarin/yataibaodao/junshiwaijiao/jw-08152023103257.html';
const VOA_URL = 'https://www.voachinese.com/a/china-steps-military-tie-with-russia-20230703/7164552.html';

function doc(stamp: string, link: string, body: string): string {
  return `<!--${stamp}-->\n${link}\n------\n\n${body}`;
}

let dir: string;
const at = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-read-'));
  for (const name of readdirSync(SEEDS)) copyFileSync(path.join(SEEDS, name), at(name));
  const files: Record<string, string | Buffer> = {
    'bad_timestamp.txt': doc('not-a-time', `[标题](${RFA_URL}?x)`, '<p>正文。</p>'),
    'bad_url.txt': doc('1692124800000', '[标题](ftp://example.com/a)', '<p>正文。</p>'),
    'binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    'empty_body.txt': doc('1692124800000', '[标题](https://example.com/e)', '<img src="a.jpg"><p> </p>'),
    'gbk.txt': Buffer.concat([Buffer.from(doc('1692124800000', '[标题](https://example.com/g)', '<p>')), Buffer.from([0xd6, 0xd0])]),
    'truncated.txt': '<!--1692124800000-->\n',
    'huge.txt': doc('1692124800000', '[标题](https://example.com/h)', `<p>${'大'.repeat(MAX_BYTES)}</p>`),
    // Same URL as seed 000 and the same timestamp: the tie goes to the greater path.
    'zzz_same_time.txt': doc('1692124800000', `[另一版本](${RFA_URL})`, '<p>同一网址的另一个版本。</p>'),
    // Same URL as seed 004 but published later: wins despite the smaller path.
    'aaa_newer.txt': doc('1688390000000', `[更新版本](${VOA_URL})`, '<p>更新后的版本。</p>'),
    'notes.md': 'not a corpus file',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(at(name), content);
  mkdirSync(at('nested'));
  writeFileSync(path.join(at('nested'), 'ignored.txt'), doc('1692124800000', '[x](https://example.com/n)', '<p>x</p>'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readCorpus', () => {
  it('reads good files, reports each bad one, resolves duplicates', async () => {
    const progress: [number, number][] = [];
    const result = await readCorpus([dir], { maxBytes: MAX_BYTES, onProgress: (d, t) => progress.push([d, t]) });

    expect(result.articles.map((a) => a.file)).toEqual([
      at('001_cea4301530abbfbc.txt'),
      at('002_76cb3dcc68cf4183.txt'),
      at('003_3cc4566c36d10d80.txt'),
      at('aaa_newer.txt'),
      at('zzz_same_time.txt'),
    ]);
    expect(result.articles.find((a) => a.url === VOA_URL)?.title).toBe('更新版本');
    expect(result.articles.find((a) => a.url === RFA_URL)?.title).toBe('另一版本');

    const reasons = Object.fromEntries(result.skipped.map((s) => [path.basename(s.file), s.reason]));
    expect(reasons).toEqual({
      '000_1eb21f1afc37bb39.txt': `duplicate URL: kept ${at('zzz_same_time.txt')}`,
      '004_afc0d1c9d80862fc.txt': `duplicate URL: kept ${at('aaa_newer.txt')}`,
      'bad_timestamp.txt': expect.stringMatching(/^bad timestamp/),
      'bad_url.txt': 'bad URL: not http(s)',
      'binary.txt': 'binary',
      'empty_body.txt': 'empty body',
      'gbk.txt': 'invalid UTF-8',
      'huge.txt': expect.stringMatching(/^too large/),
      'truncated.txt': expect.stringMatching(/^missing header/),
    });

    expect(result.duplicates).toEqual([
      { url: RFA_URL, kept: at('zzz_same_time.txt'), dropped: [at('000_1eb21f1afc37bb39.txt')] },
      { url: VOA_URL, kept: at('aaa_newer.txt'), dropped: [at('004_afc0d1c9d80862fc.txt')] },
    ]);

    // 14 *.txt files at the top level; notes.md and nested/ are not read.
    expect(progress).toHaveLength(14);
    expect(progress.map(([d]) => d)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(progress.every(([, t]) => t === 14)).toBe(true);
  });

  it('is deterministic across runs', async () => {
    const a = await readCorpus([dir], { maxBytes: MAX_BYTES });
    const b = await readCorpus([dir], { maxBytes: MAX_BYTES });
    expect(b).toEqual(a);
  });

  it('keeps paths as given and reads each file once when a dir is listed twice', async () => {
    const result = await readCorpus([SEEDS, `${SEEDS}/`], { maxBytes: MAX_BYTES });
    expect(result.articles.map((a) => a.file)).toEqual(readdirSync(SEEDS).sort().map((n) => `seeds/${n}`));
    expect(result.skipped).toEqual([]);
    expect(result.duplicates).toEqual([]);
  });

  it('rejects a missing directory, naming it', async () => {
    const missing = path.join(dir, 'does-not-exist');
    await expect(readCorpus([missing], { maxBytes: MAX_BYTES })).rejects.toThrow(missing);
  });
});
