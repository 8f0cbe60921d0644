/** Picks the answerer: generative when a key is set (or asked for), extractive otherwise. */
import type { Config } from '../config.js';
import { ExtractiveAnswerer } from '../answer/extractive.js';
import type { Answerer, KnowledgeBase } from '../types.js';

export async function createAnswerer(config: Config, kb: () => KnowledgeBase, mode?: 'extractive' | 'generative'): Promise<Answerer> {
  const extractive = new ExtractiveAnswerer(kb, { k: config.RETRIEVAL_K, minRelevance: config.MIN_RELEVANCE });
  const wanted = mode ?? (config.ANSWER_MODE === 'auto' ? (config.OPENAI_API_KEY ? 'generative' : 'extractive') : config.ANSWER_MODE);
  if (wanted === 'extractive') return extractive;
  // Generative answering is wired in once src/answer/generative.ts lands.
  return extractive;
}
