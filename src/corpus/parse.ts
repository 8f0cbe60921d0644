/**
 * One corpus file → one Article. Pure: no I/O, no clock.
 *
 * File format: line 1 `<!--epoch-ms-->`, line 2 `[title](url)`, line 3 `------`,
 * then an HTML body (RSS-to-HTML output, cleaned by ./clean.ts).
 */
import { createHash } from 'node:crypto';
import { detectScript } from '../text/normalize.js';
import type { Article } from '../types.js';
import { htmlToParagraphs, tidy } from './clean.js';

/**
 * Bump whenever parsing or cleaning output changes: incremental re-indexing reuses
 * earlier parses of unchanged files only when they were made by the same version.
 */
export const PARSER_VERSION = 2;

export const SKIP_REASONS = [
  'missing header',
  'bad timestamp',
  'bad URL',
  'empty body',
  'invalid UTF-8',
  'binary',
  'too large',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
/** A reason, optionally with a short detail: "bad URL: not http(s)". */
export type SkipReasonText = SkipReason | `${SkipReason}: ${string}`;

export class ArticleError extends Error {
  /** The bare reason, without detail. */
  readonly kind: SkipReason;

  constructor(
    readonly file: string,
    readonly reason: SkipReasonText,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ArticleError';
    this.kind = reason.split(':')[0] as SkipReason;
  }
}

// Plausible publication dates; anything else is a unit mix-up (seconds) or garbage.
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);
/** Sniff this much for binary content; control characters above the ratio mean not text. */
const BINARY_SAMPLE = 64 * 1024;
const MAX_CONTROL_RATIO = 0.1;

export function parseArticle(raw: Buffer | string, file: string): Article {
  const fail = (reason: SkipReasonText): never => {
    throw new ArticleError(file, reason);
  };
  const content = decode(raw, fail);
  const header = splitHeader(content, fail);
  const publishedAt = parseTimestamp(header.stamp, fail);
  const { title, url } = parseLinkLine(header.link, fail);
  const text = htmlToParagraphs(header.body).join('\n');
  if (!text) fail('empty body');
  return {
    id: createHash('sha1').update(url).digest('hex').slice(0, 16),
    url,
    title,
    publishedAt,
    source: sourceFromUrl(url),
    // The lead decides: galleries and captions are often in the other script.
    script: detectScript(`${title}\n${text.slice(0, 1500)}`),
    text,
  };
}

/** The outlet's display name, from the URL's host; unknown hosts are returned bare (no `www.`). */
export function sourceFromUrl(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
  host = host.replace(/^www\./, '');
  const labels = host.split('.');
  const under = (domain: string): boolean => host === domain || host.endsWith(`.${domain}`);
  if (under('rfa.org')) return '自由亚洲电台';
  if (under('voachinese.com') || under('voanews.com') || labels.some((l) => l.startsWith('voa'))) return '美国之音';
  if (under('dw.com')) return '德国之声';
  return host;
}

type Fail = (reason: SkipReasonText) => never;

// ---- bytes → text ----

function decode(raw: Buffer | string, fail: Fail): string {
  if (typeof raw === 'string') {
    if (looksBinary(raw, (i) => raw.charCodeAt(i))) fail('binary');
    return stripBom(raw);
  }
  if (looksBinary(raw, (i) => raw[i]!)) fail('binary');
  try {
    // TextDecoder already drops a leading BOM; strip again in case of a doubled one.
    return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return fail('invalid UTF-8');
  }
}

/** NUL anywhere in the sample, or too many control characters, means not a text file. */
function looksBinary(data: { length: number }, codeAt: (i: number) => number): boolean {
  const n = Math.min(data.length, BINARY_SAMPLE);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = codeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) control++;
  }
  return n > 0 && control / n > MAX_CONTROL_RATIO;
}

function stripBom(text: string): string {
  return text.replace(/^\ufeff+/, '');
}

// ---- header ----

interface Header {
  stamp: string;
  link: string;
  body: string;
}

/** The three header lines (CRLF or LF; leading blank lines tolerated) and the rest. */
function splitHeader(content: string, fail: Fail): Header {
  const lines: string[] = [];
  let pos = content.match(/^\s*/)?.[0].length ?? 0;
  while (lines.length < 3) {
    if (pos >= content.length) return fail('missing header: truncated');
    const nl = content.indexOf('\n', pos);
    const end = nl === -1 ? content.length : nl;
    lines.push(content.slice(pos, end).trim());
    pos = end + 1;
  }
  const [first, link, rule] = lines as [string, string, string];
  const stamp = /^<!--\s*(.*?)\s*-->$/.exec(first);
  if (!stamp) return fail('missing header: no <!--timestamp--> line');
  if (!link.startsWith('[')) return fail('missing header: no [title](url) line');
  if (!/^-{3,}$/.test(rule)) return fail('missing header: no ------ separator');
  return { stamp: stamp[1] ?? '', link, body: content.slice(Math.min(pos, content.length)) };
}

function parseTimestamp(stamp: string, fail: Fail): string {
  if (!/^\d{1,15}$/.test(stamp)) return fail(`bad timestamp: ${JSON.stringify(stamp.slice(0, 30))}`);
  const ms = Number(stamp);
  if (ms < MIN_TIME || ms >= MAX_TIME) return fail(`bad timestamp: ${stamp} is not epoch-ms 1990..2100`);
  return new Date(ms).toISOString();
}

/**
 * `[title](url)`: the title may itself contain brackets, so the URL is what sits
 * inside the final `(...)`, after the last `](`.
 */
function parseLinkLine(line: string, fail: Fail): { title: string; url: string } {
  const split = line.lastIndexOf('](');
  if (split === -1 || !line.endsWith(')')) return fail('bad URL: missing');
  const title = tidy(line.slice(1, split).replace(/\\([[\]()\\])/g, '$1'));
  if (!title) return fail('missing header: empty title');
  const target = line.slice(split + 2, -1).trim();
  // Markdown allows `<url>` and `url "title"`.
  const url = (target.split(/\s+/)[0] ?? '').replace(/^<(.*)>$/, '$1');
  if (!url) return fail('bad URL: missing');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('bad URL: unparseable');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail('bad URL: not http(s)');
  if (!parsed.hostname) return fail('bad URL: no host');
  return { title, url };
}
