/** Picks the answerer: generative when a key or base URL is set (or asked for), extractive otherwise. */
import type { Config } from '../config.js';
import { ExtractiveAnswerer } from '../answer/extractive.js';
import { GenerativeAnswerer } from '../answer/generative.js';
import { createChatModel } from '../answer/llm.js';
import { withTitlesInAskerScript } from '../answer/titles.js';
import { FixableError } from './errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Answerer, KnowledgeBase } from '../types.js';

export async function createAnswerer(
  config: Config, kb: () => KnowledgeBase, mode?: 'extractive' | 'generative', log: Logger = silentLogger,
): Promise<Answerer> {
  const extractive = new ExtractiveAnswerer(kb, { k: config.RETRIEVAL_K, minRelevance: config.MIN_RELEVANCE });
  const hasModel = !!(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
  const wanted = mode ?? (config.ANSWER_MODE === 'auto' ? (hasModel ? 'generative' : 'extractive') : config.ANSWER_MODE);
  if (wanted === 'extractive') return withTitlesInAskerScript(extractive);
  if (!hasModel) {
    throw new FixableError('generative mode needs OPENAI_API_KEY or OPENAI_BASE_URL', 'set one in .env (see .env.example), or use --mode extractive / ANSWER_MODE=extractive');
  }
  const chat = createChatModel({
    apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.CHAT_MODEL,
    temperature: config.LLM_TEMPERATURE, timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: config.LLM_MAX_RETRIES,
    connectTimeoutMs: config.LLM_CONNECT_TIMEOUT_MS, log,
  });
  const generative = new GenerativeAnswerer({
    kb, chat, fallback: extractive, k: config.RETRIEVAL_K, minRelevance: config.MIN_RELEVANCE,
    requireCitations: config.REQUIRE_CITATIONS, tokenBudget: config.CONTEXT_TOKEN_BUDGET, timeoutMs: config.LLM_TIMEOUT_MS,
    language: config.ANSWER_LANGUAGE, log,
  });
  return withTitlesInAskerScript(generative);
}
