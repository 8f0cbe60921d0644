/**
 * A loaded index version: vectors (LangChain HNSWLib), BM25, articles. Immutable;
 * hot reload swaps the whole object.
 */
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import type { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import { readCurrentVersion, readJson, toMeta, type IndexMeta, type StoredArticle } from '../ingest/store-layout.js';
import { LocalEmbedder } from './local-embedder.js';
import { LexicalIndex, type WeightedTerm } from './lexical.js';
import { hybridSearch, queryTerms, type QueryExpander } from './hybrid.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { ArticleMeta, ArticleView, EmbedderInfo, IndexStats, KnowledgeBase, SearchHit, SearchOptions } from '../types.js';

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
}

export class LoadedKnowledgeBase implements KnowledgeBase {
  private readonly byId: Map<string, StoredArticle>;
  private readonly byUrl: Map<string, StoredArticle>;
  private readonly titleKeys: { key: string; meta: ArticleMeta }[];

  constructor(
    readonly dir: string,
    readonly meta: IndexMeta,
    readonly store: HNSWLib,
    readonly lexical: LexicalIndex,
    articles: StoredArticle[],
    readonly embeddings: Embeddings,
    private readonly expand?: QueryExpander,
  ) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.byUrl = new Map(articles.map((a) => [a.url, a]));
    this.titleKeys = articles.map((a) => ({ key: normalizeForMatch(a.title), meta: toMeta(a) }));
  }

  get liveChunks(): number {
    return this.meta.chunks;
  }

  chunk(label: number): Document | undefined {
    const doc = this.store.docstore.search(String(label));
    return typeof doc === 'string' ? undefined : doc;
  }

  article(id: string): StoredArticle | undefined {
    return this.byId.get(id);
  }

  search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    return hybridSearch(this, query, opts, this.expand);
  }

  queryTerms(question: string): WeightedTerm[] {
    return queryTerms(question, this.expand, this.lexical).terms.map(({ term, weight }) => ({ term, weight: weight * this.lexical.idf(term) }));
  }

  getArticle(idOrUrl: string): ArticleView | undefined {
    const key = idOrUrl.trim();
    const a = this.byId.get(key) ?? this.byUrl.get(key);
    if (!a) return undefined;
    return { ...toMeta(a), lead: a.text.split('\n')[0] ?? '', text: a.text };
  }

  findTitles(text: string, limit = 25): ArticleMeta[] {
    const needle = normalizeForMatch(text.trim());
    return this.titleKeys.filter((t) => t.key.includes(needle)).slice(0, limit).map((t) => t.meta);
  }

  async related(articleId: string, k = 3): Promise<ArticleMeta[]> {
    const a = this.byId.get(articleId);
    if (!a) return [];
    const hits = await this.search(`${a.title}\n${a.text.slice(0, 300)}`, { k: k + 1 });
    return hits.filter((h) => h.article.id !== articleId).slice(0, k).map((h) => h.article);
  }

  stats(): IndexStats {
    const sources: Record<string, number> = {};
    let from: string | undefined;
    let to: string | undefined;
    for (const a of this.byId.values()) {
      sources[a.source] = (sources[a.source] ?? 0) + 1;
      if (!from || a.publishedAt < from) from = a.publishedAt;
      if (!to || a.publishedAt > to) to = a.publishedAt;
    }
    return { articles: this.byId.size, chunks: this.meta.chunks, from, to, sources, builtAt: this.meta.builtAt, embedder: this.meta.embedder };
  }
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
    embeddings = new LocalEmbedder({ state: meta.embedderState });
  } else {
    const asked = opts.embedderInfo;
    if (!opts.embeddings || !asked || asked.kind !== meta.embedder.kind || asked.model !== meta.embedder.model) {
      throw new IndexMismatchError(meta.embedder, asked ?? { kind: 'local', model: 'local', dimensions: 0 });
    }
    embeddings = opts.embeddings;
  }
  const [store, lexical, articles] = await Promise.all([
    HNSWLib.load(dir, embeddings),
    LexicalIndex.load(dir),
    readJson<StoredArticle[]>(join(dir, 'articles.json')),
  ]);
  return new LoadedKnowledgeBase(dir, meta, store, lexical, articles, embeddings, opts.expand);
}
