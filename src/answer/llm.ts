/**
 * Talking to an OpenAI-compatible API (OpenAI, Ollama, vLLM, DeepSeek...): client
 * factories plus chat calls bounded by our own deadline, with every failure mapped
 * to a typed UserFacingError.
 *
 * Retries: @langchain/openai turns off openai-node's own retries (maxRetries: 0 on
 * the inner client) and retries in its AsyncCaller instead: 5xx, timeouts and 429
 * with a Retry-After header up to 60 s are retried with exponential backoff
 * (>= 1 s) that waits at least Retry-After; a 429 without Retry-After or a quota
 * error is not retried. Retries happen before the first streamed token only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChatOpenAI } from '@langchain/openai';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { Logger } from '../log.js';
import { apiKeyFor, libraryLogger, OPENAI_DEFAULT_BASE_URL } from '../util/openai-client.js';
import { probeServer } from './reachability.js';
export { OPENAI_DEFAULT_BASE_URL } from '../util/openai-client.js';
import { LlmBadResponseError, LlmStreamError, LlmTimeoutError, classifyLlmError } from './errors.js';

export interface ChatModelOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  temperature: number;
  timeoutMs: number;
  maxRetries: number;
  /** Connecting may take this long (LLM_CONNECT_TIMEOUT_MS), apart from the generation deadline. */
  connectTimeoutMs?: number;
  log?: Logger;
}

export function createChatModel(opts: ChatModelOptions): ChatOpenAI {
  const baseURL = opts.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  const chat = new ChatOpenAI({
    apiKey: apiKeyFor(opts.apiKey, opts.baseURL),
    model: opts.model,
    temperature: opts.temperature,
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    configuration: { baseURL, ...(opts.log ? { logger: libraryLogger(opts.log) } : {}) },
  });
  watchModel(chat, baseURL, opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  return chat;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 1500;

/** What a call needs to know about the model's server beyond the LangChain object. */
interface WatchedModel {
  baseURL: string;
  connectTimeoutMs: number;
}

const watched = new WeakMap<object, WatchedModel>();
/** Per call: the latest failed attempt the client retries (429, 5xx...). Per call, not per model: calls run concurrently. */
const attempts = new AsyncLocalStorage<{ lastFailure?: unknown }>();

type Caller = { onFailedAttempt?: (error: unknown) => unknown };

/** Note each failed attempt of the client's own retry loop (ChatOpenAI delegates to two inner models). */
function watchModel(chat: ChatOpenAI, baseURL: string, connectTimeoutMs: number): void {
  watched.set(chat, { baseURL, connectTimeoutMs });
  const inner = chat as unknown as { caller?: Caller; completions?: { caller?: Caller }; responses?: { caller?: Caller } };
  for (const caller of [inner.caller, inner.completions?.caller, inner.responses?.caller]) {
    const original = caller?.onFailedAttempt;
    if (!caller || !original) continue;
    caller.onFailedAttempt = (error: unknown) => {
      const call = attempts.getStore();
      if (call) call.lastFailure = error;
      return original(error);
    };
  }
}

export interface CallOptions {
  timeoutMs: number;
  /** The caller's cancellation (e.g. the user left); rethrown as-is, not classified. */
  signal?: AbortSignal;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/**
 * Run `work` under a deadline. The race guarantees we return on time even if a
 * library ignores the abort signal; the signal still cancels the HTTP request.
 * With a watched model, an unreachable server aborts the call at once, and a
 * deadline that passes while the client backs off after a 429/5xx reports that
 * failure rather than "timeout".
 */
async function bounded<T>(
  opts: CallOptions, model: WatchedModel | undefined, work: (signal: AbortSignal, state: { midStream: boolean }) => Promise<T>,
): Promise<T> {
  const call: { lastFailure?: unknown } = {};
  const ctrl = new AbortController();
  if (model) probeServer(model.baseURL, model.connectTimeoutMs).catch((err: unknown) => ctrl.abort(err));
  const state = { midStream: false };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort(new LlmTimeoutError(opts.timeoutMs));
  }, opts.timeoutMs);
  const onCallerAbort = () => ctrl.abort(abortError(opts.signal!));
  if (opts.signal?.aborted) onCallerAbort();
  else opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(ctrl.signal.reason as unknown);
    if (ctrl.signal.aborted) fail();
    else ctrl.signal.addEventListener('abort', fail, { once: true });
  });
  const running = attempts.run(call, () => work(ctrl.signal, state));
  // Whichever loses the race must not surface as an unhandled rejection.
  running.catch(() => {});
  aborted.catch(() => {});
  try {
    return await Promise.race([running, aborted]);
  } catch (err) {
    if (timedOut && call.lastFailure) throw classifyLlmError(call.lastFailure, { timeoutMs: opts.timeoutMs, gaveUp: true });
    if (timedOut) throw classifyLlmError(err, { timedOut: true, timeoutMs: opts.timeoutMs });
    if (opts.signal?.aborted) throw abortError(opts.signal);
    throw classifyLlmError(err, { timeoutMs: opts.timeoutMs, midStream: state.midStream });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function textOf(message: BaseMessage): string {
  return typeof message.content === 'string' ? message.content : message.text;
}

/** One non-streaming completion; resolves to the reply text. */
export function invokeChat(chat: BaseChatModel, messages: BaseMessage[], opts: CallOptions): Promise<string> {
  return bounded(opts, watched.get(chat), async (signal) => {
    const reply: unknown = await chat.invoke(messages, { signal });
    if (!reply || typeof reply !== 'object' || !('content' in reply)) throw new TypeError('chat reply has no content: undefined');
    return textOf(reply as BaseMessage);
  });
}

/**
 * Streaming completion: `onDelta` gets each text delta; resolves to the whole text.
 * A stream that ends without a finish_reason was cut off (servers always send one).
 */
export function streamChat(
  chat: BaseChatModel,
  messages: BaseMessage[],
  opts: CallOptions & { onDelta: (delta: string) => void },
): Promise<string> {
  return bounded(opts, watched.get(chat), async (signal, state) => {
    let text = '';
    let finished = false;
    let chunks = 0;
    const stream = await chat.stream(messages, { signal });
    for await (const chunk of stream) {
      if (signal.aborted) break; // past the deadline: the caller has moved on, emit nothing more
      chunks++;
      const delta = textOf(chunk);
      if (chunk.response_metadata?.['finish_reason'] != null) finished = true;
      if (!delta) continue;
      state.midStream = true;
      text += delta;
      opts.onDelta(delta);
    }
    // langchain returns quietly when aborted; the race reports the real reason.
    if (signal.aborted) throw signal.reason;
    // Not one event: the server did not speak SSE (e.g. sent a JSON body instead).
    if (chunks === 0) throw new LlmBadResponseError('streaming response contained no events');
    if (!finished) throw new LlmStreamError('stream ended without finish_reason (truncated)');
    return text;
  });
}
