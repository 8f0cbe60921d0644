/**
 * A polite GET for one feed: conditional (ETag / Last-Modified), bounded in time
 * and size, identified by User-Agent, retried with backoff on transient failures.
 * Every failure becomes a FeedError with a short reason for the `feed → reason` report.
 */

export interface HttpOptions {
  timeoutMs: number;
  /** Extra attempts after the first, for network errors, timeouts, 429 and 5xx. */
  retries: number;
  maxBytes: number;
  userAgent: string;
  /** First backoff delay; doubled per attempt (default 500 ms). */
  backoffMs?: number;
}

/** What the server told us last time, sent back so an unchanged feed costs a 304. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FeedResponse = { kind: 'not-modified' } | { kind: 'ok'; text: string; validators: Validators };

export class FeedError extends Error {
  constructor(
    readonly reason: string,
    /** Worth another attempt (network, timeout, 429, 5xx). */
    readonly transient = false,
  ) {
    super(reason);
    this.name = 'FeedError';
  }
}

/** Longest wait honoured from a Retry-After header. */
const MAX_RETRY_AFTER_MS = 30_000;

export async function getFeed(url: string, validators: Validators, opts: HttpOptions): Promise<FeedResponse> {
  const base = opts.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      return await getOnce(url, validators, opts);
    } catch (err) {
      const error = asFeedError(err, opts.timeoutMs);
      if (!error.transient || attempt >= opts.retries) throw error;
      const retryAfter = err instanceof RetryAfter ? err.ms : 0;
      // Jitter keeps several retrying feeds from hitting one host in step.
      await sleep(Math.max(retryAfter, base * 2 ** attempt * (0.75 + Math.random() / 2)));
    }
  }
}

class RetryAfter extends FeedError {
  constructor(reason: string, readonly ms: number) {
    super(reason, true);
  }
}

async function getOnce(url: string, validators: Validators, opts: HttpOptions): Promise<FeedResponse> {
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent,
    accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  // One deadline for the whole exchange, body included: a server that trickles bytes times out too.
  const res = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(opts.timeoutMs) });
  if (res.status === 304) {
    await res.body?.cancel();
    return { kind: 'not-modified' };
  }
  if (!res.ok) {
    await res.body?.cancel();
    const reason = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (res.status === 429) throw new RetryAfter(reason, retryAfterMs(res.headers.get('retry-after')));
    throw new FeedError(reason, res.status >= 500);
  }
  const bytes = await readCapped(res, opts.maxBytes);
  return {
    kind: 'ok',
    text: decode(bytes, res.headers.get('content-type')),
    validators: { etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined },
  };
}

/** The body, refusing anything over maxBytes (by header when declared, else while streaming). */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = (size: string) => new FeedError(`response too large: ${size} > ${maxBytes} bytes`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge(`${declared} bytes`);
  }
  if (!res.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge('more than that');
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** Charset from Content-Type, else from the XML declaration, else UTF-8 (GBK and Big5 feeds exist). */
export function decode(bytes: Uint8Array, contentType: string | null): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const label = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms || 0));
}

function asFeedError(err: unknown, timeoutMs: number): FeedError {
  if (err instanceof FeedError) return err;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new FeedError(`timeout after ${timeoutMs} ms`, true);
  if (e?.name === 'TypeError' && e.cause) return new FeedError(`unreachable: ${e.cause.code ?? e.cause.message ?? e.message}`, true);
  if (e?.name === 'TypeError') return new FeedError(`bad request: ${e.message}`);
  return new FeedError(`fetch failed: ${e?.message ?? String(err)}`, true);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
