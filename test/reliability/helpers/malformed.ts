/**
 * Broken variants of the seed articles for the malformed-corpus test. Each variant
 * names the skip reason it must get (a regex on the reported reason), or `null`
 * when it is valid and must be indexed.
 */
import { mulberry32, randInt, type Rng } from '../../../src/util/prng.js';

export interface Variant {
  name: string;
  data: Buffer | string;
  /** Expected skip reason; null = must be indexed. */
  expect: RegExp | null;
}

export interface Seed {
  name: string;
  text: string;
}

interface Parts {
  stamp: string;
  link: string;
  title: string;
  url: string;
  body: string;
}

function parts(seed: Seed): Parts {
  const [stamp = '', link = '', , ...rest] = seed.text.split('\n');
  const m = /^\[(.*)\]\((.*)\)$/.exec(link);
  return { stamp, link, title: m?.[1] ?? 't', url: m?.[2] ?? 'https://example.org/x', body: rest.join('\n') };
}

const file = (stamp: string, link: string, body: string) => `${stamp}\n${link}\n------\n${body}`;

function truncated(seed: Seed, rng: Rng): Variant[] {
  // Cut inside line 1 or 2: the header can never be complete.
  const end = seed.text.indexOf('\n', seed.text.indexOf('\n') + 1);
  const cuts = [0, 1, 5, 10, ...Array.from({ length: 6 }, () => 1 + randInt(rng, end - 1))];
  const bytes = Buffer.from(seed.text);
  return cuts.map((c, i) => {
    // Cut on a UTF-8 character boundary so the reason is about the header, not the encoding.
    const cut = Buffer.byteLength(seed.text.slice(0, c));
    return { name: `trunc-${i}`, data: bytes.subarray(0, Math.min(cut, bytes.length)), expect: /^missing header/ };
  });
}

function badTimestamps(p: Parts): Variant[] {
  const stamps = ['<!--abc-->', '<!---->', '<!--1692124800-->', '<!--99999999999999-->', '<!--2023-08-15-->', '<!---5-->', '<!--1.6e12-->', '<!--0-->'];
  return [
    ...stamps.map((s, i) => ({ name: `ts-${i}`, data: file(s, p.link, p.body), expect: /^bad timestamp/ })),
    { name: 'ts-nocomment', data: file('1692124800000', p.link, p.body), expect: /^missing header/ },
  ];
}

function badUrls(p: Parts): Variant[] {
  const links: [string, RegExp][] = [
    [`[${p.title}]()`, /^bad URL/],
    [`[${p.title}](ftp://example.org/a)`, /^bad URL: not http/],
    [`[${p.title}](javascript:alert(1))`, /^bad URL/],
    [`[${p.title}](file:///etc/passwd)`, /^bad URL: not http/],
    [`[${p.title}](not a url)`, /^bad URL/],
    [`[${p.title}](http://)`, /^bad URL/],
    [`[${p.title}](//example.org/relative)`, /^bad URL/],
    [`[${p.title}]`, /^bad URL/],
    [`${p.title} (${p.url})`, /^missing header/],
    [`[](${p.url})`, /^missing header/],
  ];
  return links.map(([link, expect], i) => ({ name: `url-${i}`, data: file(p.stamp, link, p.body), expect }));
}

function emptyBodies(p: Parts): Variant[] {
  const bodies = ['', '\n\n', '<p></p>', '<p>   </p><div>\u3000</div>', '<img src="x.jpg">', '<script>alert("x")</script>', '<style>p{}</style><!-- comment -->'];
  return bodies.map((b, i) => ({ name: `empty-${i}`, data: file(p.stamp, p.link, b), expect: /^empty body/ }));
}

function binary(seed: Seed, rng: Rng): Variant[] {
  const random = Buffer.from(Array.from({ length: 4096 }, () => randInt(rng, 256)));
  random[10] = 0;
  const body = seed.text.indexOf('------\n') + 7;
  const withNul = Buffer.from(`${seed.text.slice(0, body)}<p>\u0000\u0000</p>${seed.text.slice(body)}`);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), random]);
  const controls = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x01 + randInt(rng, 8) : 0x41)));
  return [
    { name: 'bin-random', data: random, expect: /^binary/ },
    { name: 'bin-nul', data: withNul, expect: /^binary/ },
    { name: 'bin-png', data: png, expect: /^binary/ },
    { name: 'bin-controls', data: controls, expect: /^binary/ },
  ];
}

function invalidUtf8(seed: Seed): Variant[] {
  const bytes = Buffer.from(seed.text);
  const at = bytes.indexOf('------\n') + 7;
  const splice = (insert: number[]) => Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at)]);
  // Cut in the middle of the last multi-byte character.
  let end = bytes.length - 1;
  while (end > 0 && (bytes[end]! & 0xc0) !== 0x80) end--;
  return [
    { name: 'utf8-ff', data: splice([0xff, 0xfe]), expect: /^invalid UTF-8/ },
    { name: 'utf8-lone-cont', data: splice([0x80, 0x80]), expect: /^invalid UTF-8/ },
    { name: 'utf8-bad-seq', data: splice([0xc3, 0x28]), expect: /^invalid UTF-8/ },
    { name: 'utf8-overlong', data: splice([0xc0, 0xaf]), expect: /^invalid UTF-8/ },
    { name: 'utf8-surrogate', data: splice([0xed, 0xa0, 0x80]), expect: /^invalid UTF-8/ },
    { name: 'utf8-cut', data: bytes.subarray(0, end), expect: /^invalid UTF-8/ },
    // Latin-1 text (é, ï as single bytes): plain ASCII header so only the encoding is wrong.
    { name: 'latin1', data: Buffer.from(file(parts(seed).stamp, '[Cafe](https://example.org/latin1)', '<p>caf\u00e9 na\u00efve r\u00e9sum\u00e9</p>'), 'latin1'), expect: /^invalid UTF-8/ },
  ];
}

/** Valid but unusual files: these must be indexed (under their own new URL). */
function oddButValid(p: Parts, tag: string): Variant[] {
  const link = (n: string) => `[${p.title}](https://example.org/${tag}/${n})`;
  return [
    { name: 'ok-crlf', data: file(p.stamp, link('crlf'), p.body).replace(/\n/g, '\r\n'), expect: null },
    { name: 'ok-bom', data: `\ufeff${file(p.stamp, link('bom'), p.body)}`, expect: null },
    { name: 'ok-leading-blank', data: `\n\n  ${file(p.stamp, link('blank'), p.body)}`, expect: null },
  ];
}

/** Every broken and odd variant of one seed, ~45 of them. */
export function variantsOf(seed: Seed, index: number): Variant[] {
  const rng = mulberry32(1000 + index);
  const p = parts(seed);
  const all = [...truncated(seed, rng), ...badTimestamps(p), ...badUrls(p), ...emptyBodies(p), ...binary(seed, rng), ...invalidUtf8(seed), ...oddButValid(p, `s${index}`)];
  return all.map((v) => ({ ...v, name: `${String(index).padStart(2, '0')}-${v.name}` }));
}

/** One header + a body of `bytes` bytes (for the size limit). */
export function hugeFile(seed: Seed, bytes: number): string {
  const p = parts(seed);
  const paragraph = '<p>这是一个非常长的测试段落，用来检查文件大小的上限。</p>\n';
  return file(p.stamp, `[${p.title}](https://example.org/huge)`, paragraph.repeat(Math.ceil(bytes / Buffer.byteLength(paragraph))));
}

/** Text nested `depth` elements deep, closed or not. */
export function deepHtml(seed: Seed, depth: number, closed: boolean, tag: string): string {
  const p = parts(seed);
  const body = `${'<div>'.repeat(depth)}<p>深层嵌套的段落仍然是正文内容，标记${tag}。</p>${closed ? '</div>'.repeat(depth) : ''}`;
  return file(p.stamp, `[${p.title} ${tag}](https://example.org/deep/${tag})`, body);
}

/** Same URL as the seed, different content and timestamp (offset in ms). */
export function duplicateOf(seed: Seed, offsetMs: number, tag: string): string {
  const p = parts(seed);
  const stamp = /\d+/.exec(p.stamp)?.[0] ?? '0';
  return file(`<!--${Number(stamp) + offsetMs}-->`, p.link, `<p>重复网址的另一个版本：${tag}。</p>${p.body}`);
}
