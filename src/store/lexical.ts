/**
 * BM25 over pre-tokenised documents, stored as flat typed arrays so a 100k-chunk
 * segment loads in milliseconds: one vocab file plus one binary postings file.
 * Document ids are local to a segment (label − the segment's base). One index
 * searches alone here; a snapshot searches its segments together (lexicon.ts).
 */
import { readLexicalFiles, writeLexicalFiles } from './lexical-file.js';
import { inMemory, Lexicon, type LexicalParts } from './lexicon.js';
import type { Bm25Params, WeightedTerm } from './index-store.js';
import type { ScoredLabel } from './top-k.js';

export { DEFAULT_BM25, MAX_DF_SHARE, type LexicalParts } from './lexicon.js';
export type { Bm25Params, WeightedTerm } from './index-store.js';
export type { ScoredLabel } from './top-k.js';

export class LexicalIndex {
  private readonly lexicon: Lexicon;

  private constructor(private readonly data: LexicalParts) {
    this.lexicon = new Lexicon([{ base: 0, parts: inMemory(data) }]);
  }

  /** An index from its arrays (see LexicalBuilder). */
  static fromParts(parts: LexicalParts): LexicalIndex {
    return new LexicalIndex(parts);
  }

  get docCount(): number {
    return this.lexicon.docCount;
  }

  get params(): Bm25Params {
    return this.lexicon.params;
  }

  set params(p: Bm25Params) {
    this.lexicon.params = p;
  }

  /** The arrays behind the index (shared, not copied: whoever modifies them owns this index from then on). */
  parts(): LexicalParts {
    return this.data;
  }

  df(term: string): number {
    return this.lexicon.df(term);
  }

  dfAll(terms: string[]): number {
    return this.lexicon.dfAll(terms);
  }

  idf(term: string): number {
    return this.lexicon.idf(term);
  }

  search(terms: WeightedTerm[], limit: number, accept?: (label: number) => boolean): ScoredLabel[] {
    return this.lexicon.search(terms, limit, accept);
  }

  async save(dir: string): Promise<void> {
    const d = this.data;
    await writeLexicalFiles(dir, { vocab: d.vocab, offsets: d.offsets, postDocs: [d.postDocs], postTfs: [d.postTfs], docLen: d.docLen, docCount: this.docCount });
  }

  static async load(dir: string): Promise<LexicalIndex> {
    const { vocab, offsets, postDocs, postTfs, docLen } = await readLexicalFiles(dir);
    return new LexicalIndex({ vocab, offsets, postDocs, postTfs, docLen });
  }
}
