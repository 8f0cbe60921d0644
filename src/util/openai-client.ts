/** Options every OpenAI-compatible client gets (chat and embeddings): key, base URL, logging. */
import type { Logger } from '../log.js';

/** Used when no base URL is configured, so libraries never fall back to env vars. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Local servers (Ollama, vLLM) ignore the key but the client insists on one. */
const PLACEHOLDER_KEY = 'not-needed';

export function apiKeyFor(apiKey: string | undefined, baseURL: string | undefined): string {
  if (apiKey) return apiKey;
  if (baseURL) return PLACEHOLDER_KEY;
  throw new Error('OPENAI_API_KEY is required for api.openai.com (or set OPENAI_BASE_URL for a local OpenAI-compatible server)');
}

/** openai-node prints parse failures etc. to the console; route them to our logger instead. */
export function libraryLogger(log: Logger) {
  const to =
    (level: 'warn' | 'debug') =>
    (message: string, ...rest: unknown[]) =>
      log[level]({ lib: 'openai', ...(rest.length ? { detail: rest } : {}) }, message);
  // Library "errors" are failures we classify and log ourselves: warn is enough.
  return { error: to('warn'), warn: to('warn'), info: to('debug'), debug: to('debug') };
}
