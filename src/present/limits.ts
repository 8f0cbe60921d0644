/**
 * Guards in front of the answerer: per-user rate limit, global concurrency with a
 * bounded queue, channel allow-list and question length. Pure and clock-injectable.
 */
import { BotUserError, botMessages } from './messages.js';

const MINUTE_MS = 60_000;

/** Sliding one-minute window per user. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a question; refuses with the wait (ms) until a slot frees up. */
  take(userId: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    const recent = (this.hits.get(userId) ?? []).filter((at) => t - at < MINUTE_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(userId, recent);
      const oldest = recent[0] ?? t;
      return { ok: false, retryAfterMs: Math.max(0, oldest + MINUTE_MS - t) };
    }
    recent.push(t);
    this.hits.set(userId, recent);
    // Keep the map from growing with one-off users.
    if (this.hits.size > 10_000) this.prune(t);
    return { ok: true };
  }

  /** Throws a polite user error when the user is over the limit. */
  check(userId: string): void {
    const r = this.take(userId);
    if (!r.ok) throw new BotUserError(botMessages.rateLimited(Math.max(1, Math.ceil(r.retryAfterMs / 1000))));
  }

  private prune(t: number): void {
    for (const [user, times] of this.hits) {
      if (times.every((at) => t - at >= MINUTE_MS)) this.hits.delete(user);
    }
  }
}

export class QueueFullError extends BotUserError {
  constructor() {
    super(botMessages.queueFull());
    this.name = 'QueueFullError';
  }
}

/** At most `maxConcurrent` jobs run; up to `maxQueue` wait in order; the rest are refused. */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueue: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs fn when a slot is free; rejects with QueueFullError when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueue) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Empty allow-list = every channel. A thread counts as its parent channel too. */
export function channelAllowed(allowList: readonly string[], channelId: string, parentId?: string | null): boolean {
  if (allowList.length === 0) return true;
  return allowList.includes(channelId) || (!!parentId && allowList.includes(parentId));
}

/** Trimmed question, or a user error when empty or too long. */
export function checkQuestion(raw: string, maxChars: number): string {
  const question = raw.trim();
  if (!question) throw new BotUserError(botMessages.emptyQuestion());
  if ([...question].length > maxChars) throw new BotUserError(botMessages.tooLong(maxChars));
  return question;
}
