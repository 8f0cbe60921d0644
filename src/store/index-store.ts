/**
 * The store: what indexing (ingest/) and retrieval (retrieve/) ask of an index,
 * whatever holds it. Two implementations are meant to sit behind it: local files
 * (store/local/: immutable segments + deletion lists + a manifest swapped in
 * atomically) and PostgreSQL (issue 13). Everything a database would answer over
 * the wire is async; what query analysis reads in tight loops (term statistics) is
 * synchronous and must be held in memory by the snapshot.
 *
 * Labels: every chunk has a numeric label, unique within a snapshot, shared by the
 * lexical and the vector side (fusion joins the two lists on it). A writer assigns
 * them; a label is never reused for another chunk within one snapshot.
 */
import type { Article, ArticleMeta, EmbedderInfo } from '../types.js';
import type { EmbedderState } from '../embed/embedder.js';
import type { ScoredLabel } from './top-k.js';

export type { ScoredLabel } from './top-k.js';

/** Bump when what is stored changes (parsing included): another format is refused (see IndexFormatError). */
export const INDEX_FORMAT = 5;

/** A stored article: metadata and cleaned text. */
export type StoredArticle = Omit<Article, 'file'>;

/** What an index records about how it was built (the local store keeps it in the manifest). */
export interface IndexMeta {
  format: number;
  builtAt: string;
  embedder: EmbedderInfo;
  /** The fit of a fitted embedder (embed/embedder.ts), opaque here. */
  embedderState?: EmbedderState;
  chunkSize: number;
  chunkOverlap: number;
  /** Live articles and chunks. */
  articles: number;
  chunks: number;
}

/** What an incremental run needs to know of an indexed article to diff it, without its text. */
export interface IndexedArticle {
  id: string;
  url: string;
  publishedAt: string;
  /** Content hash (ingest decides what it covers). */
  hash: string;
  /** The corpus file it came from. */
  file: string;
  /** Its live chunks. */
  chunks: number;
}

/** Restricts candidates to chunks of matching articles; every field given must hold. */
export interface ChunkFilter {
  articleIds?: ReadonlySet<string>;
  /** Outlet name or URL host, case-insensitive substring. */
  source?: string;
  /** Inclusive ISO days, compared on the day. */
  from?: string;
  to?: string;
}

/** The one definition of ChunkFilter on an article (a database translates it into SQL). */
export function matchesFilter(a: Pick<ArticleMeta, 'id' | 'url' | 'source' | 'publishedAt'> | undefined, f: ChunkFilter): boolean {
  if (!a) return false;
  if (f.articleIds && !f.articleIds.has(a.id)) return false;
  if (f.source) {
    const s = f.source.toLowerCase();
    if (!a.source.toLowerCase().includes(s) && !new URL(a.url).hostname.toLowerCase().includes(s)) return false;
  }
  if (f.from && a.publishedAt.slice(0, 10) < f.from.slice(0, 10)) return false;
  if (f.to && a.publishedAt.slice(0, 10) > f.to.slice(0, 10)) return false;
  return true;
}

export function isFiltered(f: ChunkFilter | undefined): f is ChunkFilter {
  return !!f && !!(f.articleIds || f.source || f.from || f.to);
}

export interface ChunkRef {
  label: number;
  articleId: string;
  ordinal: number;
}

export interface StoredChunk extends ChunkRef {
  /** The passage (without the title/outlet/date header that was indexed with it). */
  text: string;
}

/**
 * Corpus statistics over every live chunk (deleted ones excluded, whatever segment
 * they sit in): what BM25 and query analysis need. Synchronous: query expansion
 * probes thousands of phrases per question.
 */
export interface LexicalStats {
  /** Live chunks. */
  readonly docCount: number;
  /** Mean token count of the live chunks. */
  readonly avgDocLength: number;
  /** Live chunks containing the token. */
  df(token: string): number;
  /** Live chunks containing every one of the tokens. */
  dfAll(tokens: string[]): number;
  /** BM25's IDF (util/idf.ts) for the token. */
  idf(token: string): number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Bm25Params {
  k1: number;
  b: number;
}

/** One published state of an index; immutable; readable until closed. */
export interface IndexSnapshot {
  /** Identifies the published state (hot reload compares it). */
  readonly version: string;
  readonly meta: IndexMeta;
  readonly lexicon: LexicalStats;
  /** BM25 parameters, settable so evaluations can sweep them on one snapshot. */
  bm25: Bm25Params;
  /** Top `limit` chunks by BM25 over the token weights, with global statistics. */
  lexicalCandidates(terms: WeightedTerm[], limit: number, filter?: ChunkFilter): Promise<ScoredLabel[]>;
  /** The `k` nearest live chunks by cosine similarity (score = 1 − distance); `ef` is the search breadth. */
  knn(vector: number[], k: number, opts?: { ef?: number; filter?: ChunkFilter }): Promise<ScoredLabel[]>;
  /** Article and ordinal of each label (undefined: no such live chunk), without the texts. */
  chunkRefs(labels: readonly number[]): Promise<(ChunkRef | undefined)[]>;
  chunks(labels: readonly number[]): Promise<(StoredChunk | undefined)[]>;
  articles(ids: readonly string[]): Promise<(StoredArticle | undefined)[]>;
  articleByUrl(url: string): Promise<StoredArticle | undefined>;
  /** Every live article's metadata. */
  listArticles(): Promise<readonly ArticleMeta[]>;
  /** Every live article's diff record (incremental runs). */
  indexedArticles(): Promise<ReadonlyMap<string, IndexedArticle>>;
  close(): Promise<void>;
}

export interface ChunkInput {
  articleId: string;
  ordinal: number;
  text: string;
  /** Lexical tokens of the indexed text (header + passage, matching form). */
  tokens: string[];
}

/**
 * Writes the next state of an index. Nothing is visible to readers until commit,
 * which publishes atomically; abort (or a crash) leaves the previous state serving.
 */
/** What a writer continues from (an incremental run diffs against it). */
export interface WriterBase {
  readonly meta: IndexMeta;
  readonly articles: ReadonlyMap<string, IndexedArticle>;
  readonly extras?: CommitExtras;
  /**
   * An indexed article's text, read on demand (synchronous: a carried-over
   * article's fields are getters). A build never reads it; a database backend may fetch ahead.
   */
  readArticle(id: string): StoredArticle | undefined;
}

export interface IndexWriter {
  /** The state this writer continues from (undefined: a full build, starting empty). */
  readonly base?: WriterBase;
  /** A hint: how many chunks will be added in all (sizes the first graph). */
  expect?(chunks: number): void;
  /**
   * Add articles, chunks and one vector per chunk; returns the chunks' labels in order.
   * An article comes in the same or an earlier call than its chunks, which are added in order.
   */
  add(articles: readonly (StoredArticle & { hash: string; file: string })[], chunks: readonly ChunkInput[], vectors: readonly number[][]): Promise<number[]>;
  /**
   * Optional, for a full build that tokenised every chunk up front (a fitted
   * embedder's fit): take those postings as the new chunks' lexical index, so no
   * token is interned twice. Document k must be the k-th chunk added; add() then
   * ignores the chunks' tokens. Call before the first chunk is added.
   */
  adoptTokenised?(tokenised: TokenisedChunks): void;
  /** Remove articles (and their chunks) of the base state; unknown ids are ignored. */
  deleteArticles(ids: readonly string[]): Promise<void>;
  /** Keep the file of an unchanged article current (a renamed corpus file). */
  setFile?(id: string, file: string): void;
  /** Publish: `meta` (its counts are filled in by the store); returns the new version. */
  commit(meta: Omit<IndexMeta, 'format' | 'articles' | 'chunks'>, extras?: CommitExtras): Promise<string>;
  abort(): Promise<void>;
}

/** Chunks already tokenised into postings (the local store's LexicalBuilder). */
export interface TokenisedChunks {
  /** Documents (chunks) it holds. */
  readonly added: number;
}

/** Opaque state a caller stores with a commit and reads back from the next snapshot (the file stamps). */
export interface CommitExtras {
  files?: unknown;
}

export interface WriterOptions {
  /** Start from an empty index instead of the served one. */
  full: boolean;
  dimensions: number;
  /** Expected number of chunks (sizes the first graph). */
  capacity?: number;
}

export interface IndexStore {
  /** The served version's id, cheaply (hot reload polls it); undefined when nothing is published. */
  currentVersion(): Promise<string | undefined>;
  /** The served snapshot; undefined when nothing is published. Refuses another format (IndexFormatError). */
  open(): Promise<IndexSnapshot | undefined>;
  /** Writers are exclusive: one at a time per index (the caller holds the lock). */
  writer(opts: WriterOptions): Promise<IndexWriter>;
  /** What the served version stored with its commit. */
  extras(): Promise<CommitExtras | undefined>;
}

/** An index written in another format: it must be rebuilt. */
export class IndexFormatError extends Error {
  constructor(where: string, found: unknown) {
    super(`the index in ${where} has format ${String(found ?? 'unknown')}, this version reads format ${INDEX_FORMAT}: rebuild it with \`npm run index -- --full\``);
    this.name = 'IndexFormatError';
  }
}
