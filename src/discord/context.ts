/**
 * Everything a command or event handler needs, built once per bot. Handlers
 * call kb() per request, so a hot-reloaded index is picked up by the next question.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Answerer, KnowledgeBase } from '../types.js';
import type { CorpusRefresh } from '../present/views.js';
import { Conversations } from '../present/conversation.js';
import { Feedback, FeedbackLog } from './feedback.js';
import { ConcurrencyGate, RateLimiter } from '../present/limits.js';
import { postgresFeedback } from '../app/store.js';

export interface BotDeps {
  /** The current index; may return a new object after a hot reload. */
  kb: () => KnowledgeBase;
  answerer: Answerer;
  config: Config;
  log: Logger;
  /** The last feed refresh of the corpus, if any (shown by /stats). */
  corpusRefresh?: () => CorpusRefresh | undefined;
}

export interface BotContext extends BotDeps {
  rate: RateLimiter;
  gate: ConcurrencyGate;
  conversations: Conversations;
  feedback: Feedback;
  now: () => number;
  /** Aborted on shutdown so in-flight answers stop early. */
  signal: AbortSignal;
  /** Keep a handler's promise so shutdown can wait for it. */
  track(work: Promise<unknown>): void;
  /** Abort in-flight work and wait (bounded) for handlers to finish. */
  drain(timeoutMs: number): Promise<void>;
}

export function createContext(deps: BotDeps, now: () => number = Date.now): BotContext {
  const { config, log } = deps;
  const controller = new AbortController();
  const pending = new Set<Promise<unknown>>();
  return {
    ...deps,
    rate: new RateLimiter(config.RATE_LIMIT_PER_MINUTE, now),
    gate: new ConcurrencyGate(config.MAX_CONCURRENT_ANSWERS, config.MAX_QUEUE),
    conversations: new Conversations(),
    feedback: new Feedback(postgresFeedback(config, log) ?? new FeedbackLog(config.FEEDBACK_LOG, log)),
    now,
    signal: controller.signal,
    track(work) {
      const p = work.catch((err: unknown) => log.error({ err }, 'unhandled error in discord handler'));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async drain(timeoutMs) {
      controller.abort();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...pending]), timeout]);
      clearTimeout(timer);
    },
  };
}
