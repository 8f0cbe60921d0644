/** The OpenAI-compatible embedder (OpenAI, Ollama, vLLM...): plain Embeddings, nothing fitted. */
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Logger } from '../log.js';
import { apiKeyFor, libraryLogger, OPENAI_DEFAULT_BASE_URL } from '../util/openai-client.js';

export interface EmbeddingsOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  dimensions?: number;
  batchSize?: number;
  log?: Logger;
}

export function createOpenAIEmbeddings(opts: EmbeddingsOptions): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    apiKey: apiKeyFor(opts.apiKey, opts.baseURL),
    model: opts.model,
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    ...(opts.dimensions ? { dimensions: opts.dimensions } : {}),
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    // openai-node asks for base64 by default and decodes it blindly; servers that
    // ignore encoding_format and send floats would yield garbage. Floats work everywhere.
    encodingFormat: 'float',
    configuration: { baseURL: opts.baseURL ?? OPENAI_DEFAULT_BASE_URL, ...(opts.log ? { logger: libraryLogger(opts.log) } : {}) },
  });
}
