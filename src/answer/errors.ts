/**
 * Typed failures of model calls. Each carries a short bilingual `userMessage`
 * that is safe to show in Discord; the technical detail stays in `message`/`cause`
 * for the log.
 */

export type LlmErrorKind = 'timeout' | 'rate_limit' | 'server' | 'stream' | 'bad_response' | 'request' | 'unreachable';

export abstract class UserFacingError extends Error {
  abstract readonly kind: LlmErrorKind;
  constructor(
    message: string,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class LlmTimeoutError extends UserFacingError {
  readonly kind = 'timeout';
  constructor(readonly timeoutMs: number, options?: { cause?: unknown }) {
    super(
      `LLM call timed out after ${timeoutMs} ms`,
      'AI 服务响应超时，请稍后再试。/ The AI service timed out, please try again later.',
      options,
    );
  }
}

export class LlmRateLimitError extends UserFacingError {
  readonly kind = 'rate_limit';
  constructor(message: string, readonly retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, 'AI 服务当前请求过多，请稍后再试。/ The AI service is busy (rate limited), please try again shortly.', options);
  }
}

export class LlmServerError extends UserFacingError {
  readonly kind = 'server';
  constructor(message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(message, 'AI 服务暂时不可用，请稍后再试。/ The AI service is temporarily unavailable, please try again later.', options);
  }
}

export class LlmStreamError extends UserFacingError {
  readonly kind = 'stream';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'AI 回答中途中断，请重试。/ The AI answer was cut off, please try again.', options);
  }
}

export class LlmBadResponseError extends UserFacingError {
  readonly kind = 'bad_response';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'AI 服务返回了无法识别的回复，请稍后再试。/ The AI service sent an unreadable reply, please try again later.', options);
  }
}

/** 4xx other than 429: bad key, unknown model, prompt too long. A setup problem, not the user's and not "temporary". */
export class LlmRequestError extends UserFacingError {
  readonly kind = 'request';
  constructor(message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(`${message}${status ? ` (HTTP ${status}: ${SETUP_HINTS[status] ?? 'check the model settings'})` : ''}`,
      'AI 服务拒绝了请求（配置问题），请联系管理员。/ The AI service rejected the request (a setup problem), please tell the bot admin.', options);
  }
}

const SETUP_HINTS: Record<number, string> = {
  401: 'check OPENAI_API_KEY',
  403: 'check OPENAI_API_KEY and its permissions',
  404: 'check CHAT_MODEL / EMBEDDING_MODEL and that OPENAI_BASE_URL ends in /v1',
};

/** Nothing answers at the configured address: found out in about a second, and named. */
export class LlmUnreachableError extends UserFacingError {
  readonly kind = 'unreachable';
  constructor(readonly baseURL: string, reason: string, options?: { cause?: unknown }) {
    super(
      `cannot connect to the OpenAI-compatible server at ${baseURL} (${reason}); check OPENAI_BASE_URL and that the server is running`,
      'AI 服务无法连接，请联系管理员。/ The AI service cannot be reached, please tell the bot admin.',
      options,
    );
  }
}

export interface ClassifyContext {
  /** Our own deadline fired (wins over whatever the library threw on abort). */
  timedOut?: boolean;
  timeoutMs?: number;
  /** Some output had already arrived: a dropped connection means a truncated answer. */
  midStream?: boolean;
  /** The deadline passed while the client was retrying this error: report it, not "timeout". */
  gaveUp?: boolean;
}

type Loose = { [key: string]: unknown };

function statusOf(err: Loose): number | undefined {
  const s = err['status'] ?? err['statusCode'] ?? (err['response'] as Loose | undefined)?.['status'];
  return typeof s === 'number' ? s : undefined;
}

function headerOf(err: Loose, name: string): string | undefined {
  const h = (err['headers'] ?? (err['response'] as Loose | undefined)?.['headers']) as unknown;
  if (!h || typeof h !== 'object') return undefined;
  if (typeof (h as Headers).get === 'function') return (h as Headers).get(name) ?? undefined;
  const v = (h as Loose)[name];
  return typeof v === 'string' ? v : undefined;
}

function retryAfterMsOf(err: Loose): number | undefined {
  if (typeof err['retryAfterMs'] === 'number') return err['retryAfterMs'];
  const raw = headerOf(err, 'retry-after');
  if (raw === undefined) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Errors of the whole chain (langchain wraps openai errors, undici wraps socket errors). */
function chain(err: unknown): Loose[] {
  const out: Loose[] = [];
  let cur: unknown = err;
  while (cur && typeof cur === 'object' && out.length < 5) {
    out.push(cur as Loose);
    cur = (cur as Loose)['cause'];
  }
  return out;
}

const NETWORK_DROP = /terminated|other side closed|socket hang up|ECONNRESET|premature close|UND_ERR_SOCKET/i;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|Connection error|fetch failed|EHOSTUNREACH/i;

/** Map anything thrown by @langchain/openai / openai-node to one typed error. */
export function classifyLlmError(err: unknown, ctx: ClassifyContext = {}): UserFacingError {
  if (err instanceof UserFacingError) return err;
  const opts = { cause: err };
  const first = err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
  const message = ctx.gaveUp ? `${first} (still failing when the ${ctx.timeoutMs ?? 0} ms deadline passed)` : first;
  if (ctx.timedOut) return new LlmTimeoutError(ctx.timeoutMs ?? 0, opts);

  const links = chain(err);
  const names = links.map((e) => `${String(e['name'] ?? '')} ${String((e as object).constructor?.name ?? '')}`).join(' ');
  const texts = links.map((e) => `${String(e['message'] ?? '')} ${String(e['code'] ?? '')}`).join(' ');
  const status = links.map(statusOf).find((s) => s !== undefined);

  if (/TimeoutError|APIConnectionTimeoutError/.test(names)) return new LlmTimeoutError(ctx.timeoutMs ?? 0, opts);
  if (status === 429 || /RateLimit/.test(names)) {
    const retryAfter = links.map(retryAfterMsOf).find((v) => v !== undefined);
    return new LlmRateLimitError(message, retryAfter, opts);
  }
  if (status !== undefined && status >= 500) return new LlmServerError(message, status, opts);
  if (status !== undefined && status >= 400) return new LlmRequestError(message, status, opts);
  if (links.some((e) => e instanceof SyntaxError) || /JSON/i.test(texts)) return new LlmBadResponseError(message, opts);
  if (NETWORK_DROP.test(texts)) return new LlmStreamError(message, opts);
  if (UNREACHABLE.test(texts) || /APIConnectionError/.test(names)) {
    return ctx.midStream ? new LlmStreamError(message, opts) : new LlmServerError(message, undefined, opts);
  }
  // A TypeError while reading fields means the body lacked the expected shape.
  if (err instanceof TypeError && /undefined|null|propert/i.test(err.message)) return new LlmBadResponseError(message, opts);
  return ctx.midStream ? new LlmStreamError(message, opts) : new LlmServerError(message, status, opts);
}
