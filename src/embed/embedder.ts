/**
 * What the indexer and the loader need to know about an embedder beyond LangChain's
 * Embeddings: whether it is fitted on the corpus and carries state that the index
 * stores (meta.embedderState), so incremental runs and queries embed exactly as the
 * full build did. Remote embedders (OpenAI-compatible) are plain Embeddings.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import type { FeatureCorpus } from './features.js';

export type { FeatureCorpus } from './features.js';

/** Serialisable fit, stored with the index; opaque to everything but its embedder. */
export type EmbedderState = object;

export interface FittedEmbedder {
  /** Fit on a full build's chunks (their lexical tokens and exact document frequencies). */
  fitCorpus(corpus: FeatureCorpus): void;
  /** Embed chunk `i` of the corpus it was fitted on (no re-tokenising). */
  embedDoc(corpus: FeatureCorpus, i: number): number[];
  /** Embed text already in matching form (normalizeForMatch). */
  embedMatchForm(text: string): number[];
  state(): EmbedderState;
  load(state: EmbedderState): void;
}

export function isFitted(embeddings: Embeddings): embeddings is Embeddings & FittedEmbedder {
  const e = embeddings as Partial<FittedEmbedder>;
  return typeof e.fitCorpus === 'function' && typeof e.state === 'function' && typeof e.load === 'function';
}
