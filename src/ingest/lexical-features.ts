/**
 * The local embedder's view of a full build's chunks, read from the lexical index
 * being built: the embedder's features are the BM25 tokens, so tokenising once
 * serves both, and the fit gets exact document frequencies for free.
 */
import type { LexicalBuilder } from '../store/lexical-builder.js';
import { termTable, type FeatureCorpus } from '../embed/local-embedder.js';

export function featureCorpus(lexical: LexicalBuilder): FeatureCorpus {
  const vocab = lexical.vocabulary;
  return {
    size: lexical.added,
    doc: (k) => lexical.addedDoc(k),
    terms: termTable(vocab.size, (id) => vocab.term(id)),
    dfs: () => lexical.addedDocFrequencies(),
  };
}
