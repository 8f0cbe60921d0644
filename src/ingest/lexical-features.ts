/**
 * The local embedder's view of a full build's chunks, read from the lexical index
 * being built: the embedder's features are the BM25 tokens, so tokenising once
 * serves both, and the fit gets exact document frequencies for free.
 */
import type { LexicalBuilder } from '../retrieve/lexical-builder.js';
import { keyHashes, type Feature, type FeatureCorpus, type KeyHashes } from '../retrieve/local-embedder.js';

export function featureCorpus(lexical: LexicalBuilder): FeatureCorpus {
  const vocab = lexical.vocabulary;
  const hashes: KeyHashes[] = [];
  const hashesOf = (id: number) => (hashes[id] ??= keyHashes(vocab.term(id)));
  return {
    size: lexical.added,
    doc(k: number): Feature[] {
      const { ids, tfs } = lexical.addedDoc(k);
      return Array.from(ids, (id, i) => ({ key: vocab.term(id), tf: tfs[i]!, hashes: hashesOf(id) }));
    },
    forEachDf(fn) {
      lexical.addedDocFrequencies().forEach((df, id) => {
        if (df > 0) fn(hashesOf(id), df);
      });
    },
  };
}
