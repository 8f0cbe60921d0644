/** Config → the embedder: local unless an API key is set (or EMBEDDER forces one). */
import type { Embeddings } from '@langchain/core/embeddings';
import { probeServer } from '../answer/reachability.js';
import type { Config } from '../config.js';
import { LocalEmbedder, LOCAL_MODEL } from '../embed/local-embedder.js';
import type { EmbedderInfo } from '../types.js';
import { OPENAI_DEFAULT_BASE_URL } from '../util/openai-client.js';
import { FixableError } from './errors.js';

export interface EmbedderChoice {
  embeddings: Embeddings;
  info: EmbedderInfo;
}

/** Local embedder unless an API key is set (or EMBEDDER forces one). */
export async function chooseEmbedder(config: Config): Promise<EmbedderChoice> {
  const useOpenAI = config.EMBEDDER === 'openai' || (config.EMBEDDER === 'auto' && !!config.OPENAI_API_KEY);
  if (!useOpenAI) {
    const local = new LocalEmbedder();
    return { embeddings: local, info: { kind: 'local', model: LOCAL_MODEL, dimensions: local.dimensions } };
  }
  if (!config.OPENAI_API_KEY) throw new FixableError('EMBEDDER=openai needs OPENAI_API_KEY', 'set it in .env (see .env.example), or use EMBEDDER=local');
  // Loaded only here: the OpenAI client takes ~1 s to import, which every local index run would otherwise pay.
  const { createOpenAIEmbeddings } = await import('../embed/openai.js');
  const embeddings = createOpenAIEmbeddings({
    apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.EMBEDDING_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: config.LLM_MAX_RETRIES,
  });
  // Name the server in ~1 s when it is not there, rather than "Connection error." after the retries.
  await probeServer(config.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL, config.LLM_CONNECT_TIMEOUT_MS);
  // The dimension is whatever the server returns; probe once so the index can record it.
  const probe = await embeddings.embedQuery('dimension probe');
  return { embeddings, info: { kind: 'openai', model: config.EMBEDDING_MODEL, dimensions: probe.length } };
}
