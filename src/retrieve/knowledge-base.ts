/**
 * A loaded index version: vectors (HNSW), chunk texts, BM25, articles. Immutable;
 * hot reload swaps the whole object.
 */
import type { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { IndexMeta, IndexSnapshot, StoredArticle, WeightedTerm } from '../store/index-store.js';
import { QueryStats } from './query-stats.js';
import { LocalIndexStore } from '../store/local/store.js';
import type { LocalSnapshot } from '../store/local/snapshot.js';
import { loadLocalEmbedder } from '../embed/local-embedder.js';
import { assessHits, claimSupportOf, hybridSearch, queryTerms, type QueryExpander } from './hybrid.js';
import { normalizeForMatch } from '../text/normalize.js';
import { warmSegmenter } from '../text/tokenize.js';
import { loadCommonWords } from './crosslingual/common-words.js';
import { newestArticles } from './newest.js';
import { SearchMemo } from './search-memo.js';
import { newsSearch, shingleMemo, understand, type NewsSearchContext } from './news-search.js';
import { todayIso } from '../text/dates.js';
import type { ArticleMeta, ArticleView, Assessment, EmbedderInfo, IndexStats, KnowledgeBase, NewsQuery, SearchHit, SearchOptions } from '../types.js';

/** The relevance bar when none is given (MIN_RELEVANCE's default). */
const DEFAULT_NEWS_RELEVANCE = 0.3;

export class IndexMissingError extends Error {
  constructor(readonly indexDir: string) {
    super(`no index in ${indexDir}: run \`npm run index\` first`);
  }
}

export class IndexMismatchError extends Error {
  constructor(built: EmbedderInfo, asked: EmbedderInfo) {
    super(
      `the index was built with ${built.kind}:${built.model} (${built.dimensions} dims) but the configured embedder is ` +
        `${asked.kind}:${asked.model}${asked.dimensions ? ` (${asked.dimensions} dims)` : ''}; re-index with \`npm run index -- --full\``,
    );
  }
}

/**
 * A snapshot retrieval can read synchronously: local files, or a PostgreSQL snapshot
 * whose texts are read per question, which needs loadTexts() awaited first: a search's
 * passages and hits' articles (hybrid.ts), an article before it is shown.
 */
export type ServedSnapshot = IndexSnapshot & Pick<LocalSnapshot, 'chunk' | 'chunkRef' | 'article' | 'articleMeta' | 'articleByUrlNow' | 'articleMetas'> & {
  /** Make chunk() readable for these chunks and article() for these articles. */
  loadTexts?(labels: readonly number[], articleIds?: readonly string[]): Promise<void>;
};

/** Where the served snapshots come from: local files in indexDir unless a store is given (PostgreSQL). */
export interface SnapshotSource {
  currentVersion(): Promise<string | undefined>;
  open(version?: string): Promise<ServedSnapshot | undefined>;
}

export interface OpenOptions {
  /** The store to open (default: local files in indexDir). */
  store?: SnapshotSource;
  /** Query embedder for non-local indexes (OpenAI-compatible); must match the one that built the index. */
  embeddings?: Embeddings;
  embedderInfo?: EmbedderInfo;
  expand?: QueryExpander;
  /** Reference day (ISO) for relative dates in questions; default: today when asked. */
  referenceDate?: string;
  /** The relevance bar "latest" orders by date above (MIN_RELEVANCE). */
  minRelevance?: number;
}

/** `S`: the snapshot's own type (tools that read a local index's graphs use LocalSnapshot's). */
export class LoadedKnowledgeBase<S extends ServedSnapshot = LocalSnapshot> implements KnowledgeBase {
  /** Built on first use: they read every article, which opening does not. */
  private titleKeys?: { key: string; meta: ArticleMeta }[];
  private summary?: Pick<IndexStats, 'from' | 'to' | 'sources'>;
  private readonly news: NewsSearchContext;

  readonly meta: IndexMeta;
  /** The snapshot's lexicon with query analysis's memos for this index. */
  readonly lexical: QueryStats;
  /** Retrieval's memos for this index (search-memo.ts): they go with it at hot reload. */
  readonly memo: SearchMemo = new SearchMemo(this);

  constructor(
    /** The version served (the manifest CURRENT named when it was opened). */
    readonly version: string,
    readonly store: S,
    readonly embeddings: Embeddings,
    private readonly expand?: QueryExpander,
    news: { referenceDate?: string; minRelevance?: number } = {},
  ) {
    this.meta = store.meta;
    this.lexical = new QueryStats(store.lexicon);
    this.news = {
      search: (q, opts) => hybridSearch(this, q, opts, this.expand),
      referenceDate: () => news.referenceDate ?? todayIso(),
      minRelevance: news.minRelevance ?? DEFAULT_NEWS_RELEVANCE,
      shinglesOf: shingleMemo((id) => {
        const a = this.store.article(id);
        return a && `${a.title}\n${a.text}`;
      }),
    };
  }

  get liveChunks(): number {
    return this.meta.chunks;
  }

  chunk(label: number): Document<{ articleId: string; ordinal: number }> | undefined {
    const c = this.store.chunk(label);
    return c && { pageContent: c.text, metadata: { articleId: c.articleId, ordinal: c.ordinal } };
  }

  chunkRef(label: number): { articleId: string; ordinal: number } | undefined {
    return this.store.chunkRef(label);
  }

  article(id: string): StoredArticle | undefined {
    return this.store.article(id);
  }

  articleMeta(id: string): ArticleMeta | undefined {
    return this.store.articleMeta(id);
  }

  /** Before a search reads its passages and hits (hybrid.ts): their texts, for a store that reads them on demand. */
  async loadTexts(labels: readonly number[], articleIds?: readonly string[]): Promise<void> {
    await this.store.loadTexts?.(labels, articleIds);
  }

  /** What getArticle(idOrUrl) reads, for a store that reads texts on demand (the async reads fetch them). */
  async loadArticle(idOrUrl: string): Promise<void> {
    if (!this.store.loadTexts) return;
    const key = idOrUrl.trim();
    await Promise.all([this.store.articles([key]), this.store.articleByUrl(key)]);
  }

  search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return newsSearch(this.news, query, opts);
  }

  /** Outlet and date words are not topic words: the articles need not contain them. */
  assess(question: string, hits: SearchHit[], minRelevance: number): Assessment {
    return assessHits(this, this.understand(question).topic, hits, minRelevance, this.expand);
  }

  understand(question: string, now?: string): NewsQuery {
    return understand(question, now ?? this.news.referenceDate());
  }

  newest(k: number, source?: string): ArticleMeta[] {
    return newestArticles(this.store.articleMetas(), k, source);
  }

  claimSupport(claim: string, sourceTexts: string[]) {
    return claimSupportOf(this, claim, sourceTexts, this.expand);
  }

  queryTerms(question: string): WeightedTerm[] {
    return queryTerms(this.understand(question).topic, this.expand, this.lexical).terms.map(({ term, weight }) => ({ term, weight: weight * this.lexical.idf(term) }));
  }

  getArticle(idOrUrl: string): ArticleView | undefined {
    const key = idOrUrl.trim();
    const a = this.store.article(key) ?? this.store.articleByUrlNow(key);
    if (!a) return undefined;
    const { text: _t, ...meta } = a;
    return { ...meta, lead: a.text.split('\n')[0] ?? '', text: a.text };
  }

  findTitles(text: string, limit = 25): ArticleMeta[] {
    const needle = normalizeForMatch(text.trim());
    this.titleKeys ??= this.store.articleMetas().map((meta) => ({ key: normalizeForMatch(meta.title), meta }));
    return this.titleKeys.filter((t) => t.key.includes(needle)).slice(0, limit).map((t) => t.meta);
  }

  async related(articleId: string, k = 3): Promise<ArticleMeta[]> {
    await this.store.loadTexts?.([], [articleId]);
    const a = this.store.article(articleId);
    if (!a) return [];
    // The article's own text, not a question: no outlet or date understanding.
    const hits = await hybridSearch(this, `${a.title}\n${a.text.slice(0, 300)}`, { k: k + 1 }, this.expand);
    return hits.filter((h) => h.article.id !== articleId).slice(0, k).map((h) => h.article);
  }

  /** The outlet and date summary is made when first read. */
  stats(): IndexStats {
    const summary = () => (this.summary ??= summarize(this.store.articleMetas()));
    const { meta } = this;
    return {
      articles: this.store.articleMetas().length,
      chunks: meta.chunks,
      builtAt: meta.builtAt,
      embedder: meta.embedder,
      get from() {
        return summary().from;
      },
      get to() {
        return summary().to;
      },
      get sources() {
        return summary().sources;
      },
    };
  }

}


function summarize(articles: Iterable<ArticleMeta>): Pick<IndexStats, 'from' | 'to' | 'sources'> {
  const sources: Record<string, number> = {};
  let from: string | undefined;
  let to: string | undefined;
  for (const a of articles) {
    sources[a.source] = (sources[a.source] ?? 0) + 1;
    if (!from || a.publishedAt < from) from = a.publishedAt;
    if (!to || a.publishedAt > to) to = a.publishedAt;
  }
  return { from, to, sources };
}

/** Open the version CURRENT points at (or a given version). */
export async function openKnowledgeBase<S extends ServedSnapshot = LocalSnapshot>(indexDir: string, opts: OpenOptions = {}, version?: string): Promise<LoadedKnowledgeBase<S>> {
  const store: SnapshotSource = opts.store ?? new LocalIndexStore(indexDir);
  const name = version ?? (await store.currentVersion());
  if (!name) throw new IndexMissingError(indexDir);
  // The segments' graphs are read on the thread pool and CC-CEDICT's common words made on
  // a worker; meanwhile the main thread loads the question segmenter (~0.5 s each on
  // first use, which would otherwise land on the first question).
  const words = loadCommonWords();
  const opening = store.open(name);
  opening.catch(() => {}); // awaited below; this only covers an early throw
  warmSegmenter();
  const snapshot = (await opening) as S;
  await words;
  let embeddings: Embeddings;
  try {
    embeddings = embedderFor(snapshot.meta, opts);
  } catch (err) {
    await snapshot.close();
    throw err;
  }
  const kb = new LoadedKnowledgeBase<S>(name, snapshot, embeddings, opts.expand, { referenceDate: opts.referenceDate, minRelevance: opts.minRelevance });
  openFiles.register(kb, snapshot);
  return kb;
}

/** The query embedder for an index: its own fitted local embedder, or the configured one when it matches. */
function embedderFor(meta: IndexMeta, opts: OpenOptions): Embeddings {
  if (meta.embedder.kind === 'local') {
    if (opts.embedderInfo && opts.embedderInfo.kind !== 'local') throw new IndexMismatchError(meta.embedder, opts.embedderInfo);
    if (!meta.embedderState) throw new Error('the index has no local embedder state; re-index with `npm run index -- --full`');
    return loadLocalEmbedder(meta.embedderState);
  }
  const asked = opts.embedderInfo;
  if (!opts.embeddings || !asked || asked.kind !== meta.embedder.kind || asked.model !== meta.embedder.model) {
    throw new IndexMismatchError(meta.embedder, asked ?? { kind: 'local', model: 'local', dimensions: 0 });
  }
  return opts.embeddings;
}

/** A loaded version keeps its segments' files open; they are closed once it is no longer referenced. */
const openFiles = new FinalizationRegistry<ServedSnapshot>((snapshot) => void snapshot.close());
