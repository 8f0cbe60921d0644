/**
 * A loaded index version: vectors (HNSW), chunk texts, BM25, articles. Immutable;
 * hot reload swaps the whole object.
 */
import { join } from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import { readCurrentVersion, readJson, toMeta, type IndexMeta, type StoredArticle } from '../store/layout.js';
import { loadLocalEmbedder } from '../embed/local-embedder.js';
import { LexicalIndex, type WeightedTerm } from '../store/lexical.js';
import { assessHits, claimSupportOf, hybridSearch, queryTerms, type QueryExpander } from './hybrid.js';
import { normalizeForMatch } from '../text/normalize.js';
import { warmSegmenter } from '../text/tokenize.js';
import { CHUNKS_FILE, ChunkTexts, type ChunkDocument } from '../store/chunk-texts.js';
import { VectorIndex } from '../store/vectors.js';
import { StoredArticles } from '../store/articles.js';
import { newestArticles } from './newest.js';
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

export interface OpenOptions {
  /** Query embedder for non-local indexes (OpenAI-compatible); must match the one that built the index. */
  embeddings?: Embeddings;
  embedderInfo?: EmbedderInfo;
  expand?: QueryExpander;
  /** Reference day (ISO) for relative dates in questions; default: today when asked. */
  referenceDate?: string;
  /** The relevance bar "latest" orders by date above (MIN_RELEVANCE). */
  minRelevance?: number;
}

export class LoadedKnowledgeBase implements KnowledgeBase {
  /** Built on first use: they read every article, which opening does not. */
  private titleKeys?: { key: string; meta: ArticleMeta }[];
  private summary?: Pick<IndexStats, 'from' | 'to' | 'sources'>;
  private readonly news: NewsSearchContext;

  constructor(
    readonly dir: string,
    readonly meta: IndexMeta,
    readonly vectors: VectorIndex,
    private readonly chunks: ChunkTexts,
    readonly lexical: LexicalIndex,
    private readonly articles: StoredArticles,
    readonly embeddings: Embeddings,
    private readonly expand?: QueryExpander,
    news: { referenceDate?: string; minRelevance?: number } = {},
  ) {
    this.news = {
      search: (q, opts) => hybridSearch(this, q, opts, this.expand),
      referenceDate: () => news.referenceDate ?? todayIso(),
      minRelevance: news.minRelevance ?? DEFAULT_NEWS_RELEVANCE,
      shinglesOf: shingleMemo((id) => {
        const a = this.articles.get(id);
        return a && `${a.title}\n${a.text}`;
      }),
    };
  }

  get liveChunks(): number {
    return this.meta.chunks;
  }

  chunk(label: number): ChunkDocument | undefined {
    return this.chunks.get(label);
  }

  article(id: string): StoredArticle | undefined {
    return this.articles.get(id);
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
    return newestArticles(this.articles.allMeta(), k, source);
  }

  claimSupport(claim: string, sourceTexts: string[]) {
    return claimSupportOf(this, claim, sourceTexts, this.expand);
  }

  queryTerms(question: string): WeightedTerm[] {
    return queryTerms(this.understand(question).topic, this.expand, this.lexical).terms.map(({ term, weight }) => ({ term, weight: weight * this.lexical.idf(term) }));
  }

  getArticle(idOrUrl: string): ArticleView | undefined {
    const key = idOrUrl.trim();
    const a = this.articles.get(key) ?? this.articles.byUrl(key);
    if (!a) return undefined;
    return { ...toMeta(a), lead: a.text.split('\n')[0] ?? '', text: a.text };
  }

  findTitles(text: string, limit = 25): ArticleMeta[] {
    const needle = normalizeForMatch(text.trim());
    this.titleKeys ??= this.articles.allMeta().map((meta) => ({ key: normalizeForMatch(meta.title), meta }));
    return this.titleKeys.filter((t) => t.key.includes(needle)).slice(0, limit).map((t) => t.meta);
  }

  async related(articleId: string, k = 3): Promise<ArticleMeta[]> {
    const a = this.articles.get(articleId);
    if (!a) return [];
    // The article's own text, not a question: no outlet or date understanding.
    const hits = await hybridSearch(this, `${a.title}\n${a.text.slice(0, 300)}`, { k: k + 1 }, this.expand);
    return hits.filter((h) => h.article.id !== articleId).slice(0, k).map((h) => h.article);
  }

  /** The outlet and date summary is made when first read. */
  stats(): IndexStats {
    const summary = () => (this.summary ??= summarize(this.articles.allMeta()));
    const { meta } = this;
    return {
      articles: this.articles.size,
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

/** Open the version CURRENT points at (or a given version folder). */
export async function openKnowledgeBase(indexDir: string, opts: OpenOptions = {}, versionDir?: string): Promise<LoadedKnowledgeBase> {
  const dir = versionDir ?? (await readCurrentVersion(indexDir));
  if (!dir) throw new IndexMissingError(indexDir);
  const meta = await readJson<IndexMeta>(join(dir, 'meta.json'));
  let embeddings: Embeddings;
  if (meta.embedder.kind === 'local') {
    if (opts.embedderInfo && opts.embedderInfo.kind !== 'local') throw new IndexMismatchError(meta.embedder, opts.embedderInfo);
    if (!meta.embedderState) throw new Error(`${dir}/meta.json has no local embedder state; re-index with \`npm run index -- --full\``);
    embeddings = loadLocalEmbedder(meta.embedderState);
  } else {
    const asked = opts.embedderInfo;
    if (!opts.embeddings || !asked || asked.kind !== meta.embedder.kind || asked.model !== meta.embedder.model) {
      throw new IndexMismatchError(meta.embedder, asked ?? { kind: 'local', model: 'local', dimensions: 0 });
    }
    embeddings = opts.embeddings;
  }
  // The graph and the postings are read on the thread pool; meanwhile the main thread
  // scans the chunk and article files (their texts are read when a search needs them)
  // and loads the question segmenter (~0.5 s on first use), which would otherwise
  // land on the first question.
  const reading = Promise.all([VectorIndex.open(dir), LexicalIndex.load(dir)]);
  reading.catch(() => {}); // awaited below; this only covers an early throw
  let chunks: ChunkTexts | undefined;
  let articles: StoredArticles | undefined;
  try {
    chunks = ChunkTexts.open(join(dir, CHUNKS_FILE));
    articles = StoredArticles.open(join(dir, 'articles.json'));
    warmSegmenter();
    const [vectors, lexical] = await reading;
    const kb = new LoadedKnowledgeBase(dir, meta, vectors, chunks, lexical, articles, embeddings, opts.expand, { referenceDate: opts.referenceDate, minRelevance: opts.minRelevance });
    openFiles.register(kb, [chunks.close.bind(chunks), articles.release.bind(articles)]);
    return kb;
  } catch (err) {
    chunks?.close();
    articles?.release();
    throw err;
  }
}

/** Versions read lazily keep two files open; they are closed once the version is no longer referenced. */
const openFiles = new FinalizationRegistry<(() => void)[]>((closers) => closers.forEach((close) => close()));

