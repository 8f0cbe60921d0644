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

/** Added document `k`'s tokens as a bag (each term tf times): what the store's postings need, without tokenising again. */
export function tokensOf(lexical: LexicalBuilder, k: number): string[] {
  const { ids, tfs } = lexical.addedDoc(k);
  const tokens: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const term = lexical.vocabulary.term(ids[i]!);
    for (let n = tfs[i]!; n > 0; n--) tokens.push(term);
  }
  return tokens;
}
