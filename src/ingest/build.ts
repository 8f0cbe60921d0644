/**
 * Build or update an index through the store (store/index-store.ts): read corpus →
 * diff against the served articles' content hashes → embed only new/changed
 * articles → write them (an incremental run: one new segment, deletions marked) →
 * commit, which publishes atomically. A failure at any point leaves the served index intact.
 */
import { createHash } from 'node:crypto';
import type { Embeddings } from '@langchain/core/embeddings';
import { readCorpus } from '../corpus/read.js';
import { LexicalBuilder } from '../store/lexical-builder.js';
import { isFitted, type FeatureCorpus, type FittedEmbedder } from '../embed/embedder.js';
import { normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Article, EmbedderInfo } from '../types.js';
import { chunkText } from './chunk.js';
import { fileCache, fileReuse } from '../store/file-cache.js';
import { featureCorpus, tokensOf } from './lexical-features.js';
import { indexedText } from '../store/indexed-text.js';
import { acquireLock, type LockWait } from '../util/lock.js';
import type { IndexedArticle, IndexStore, IndexWriter, WriterBase } from '../store/index-store.js';
import { LocalIndexStore } from '../store/local/store.js';

export interface BuildOptions {
  corpusDirs: string[];
  indexDir: string;
  /** The embedder for chunks. A fitted one (embed/embedder.ts) is fitted on the corpus at full builds. */
  embeddings: Embeddings;
  embedderInfo: EmbedderInfo;
  chunkSize: number;
  chunkOverlap: number;
  maxFileBytes: number;
  full?: boolean;
  /** Wait for another run's lock instead of failing at once. */
  lockWait?: LockWait;
  batchSize?: number;
  onStage?: (stage: string, detail: Record<string, number>) => void;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Where the index lives (default: local files in indexDir). */
  store?: IndexStore;
}

export interface BuildSummary {
  articles: number;
  chunks: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  skipped: { file: string; reason: string }[];
  ms: number;
  version: string;
}

/** Every file was skipped (or there were none): the reasons travel with the error. */
export class NothingToIndexError extends Error {
  constructor(dirs: string[], readonly skipped: { file: string; reason: string }[]) {
    const why = skipped.slice(0, 2).map((s) => `${s.file}: ${s.reason}`).join('; ');
    super(skipped.length === 0
      ? `no article .txt files in ${dirs.join(', ')}`
      : `no article could be indexed from ${dirs.join(', ')}: ${skipped.length} skipped (${why}${skipped.length > 2 ? '; …' : ''})`);
    this.name = 'NothingToIndexError';
  }
}

export function contentHash(a: Article): string {
  return createHash('sha1').update(JSON.stringify([a.url, a.title, a.publishedAt, a.source, a.text])).digest('hex');
}

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const release = await acquireLock(opts.indexDir, '.lock', 'index run', opts.lockWait);
  try {
    const store = opts.store ?? new LocalIndexStore(opts.indexDir);
    let writer = await store.writer({ full: !!opts.full, dimensions: opts.embedderInfo.dimensions });
    if (writer.base && !compatible(writer.base, opts)) {
      await writer.abort();
      writer = await store.writer({ full: true, dimensions: opts.embedderInfo.dimensions });
    }
    try {
      return await buildWith(writer, opts, started);
    } catch (err) {
      await writer.abort();
      throw err;
    }
  } finally {
    await release();
  }
}

/** Built with the same embedder and chunking: its chunks can be kept. */
function compatible(base: WriterBase, opts: BuildOptions): boolean {
  const e = base.meta.embedder;
  const ok = e.kind === opts.embedderInfo.kind && e.model === opts.embedderInfo.model && e.dimensions === opts.embedderInfo.dimensions &&
    base.meta.chunkSize === opts.chunkSize && base.meta.chunkOverlap === opts.chunkOverlap;
  if (ok && isFitted(opts.embeddings) && base.meta.embedderState) opts.embeddings.load(base.meta.embedderState);
  return ok;
}

async function buildWith(writer: IndexWriter, opts: BuildOptions, started: number): Promise<BuildSummary> {
  const base = writer.base;
  const { articles, skipped, files } = await readCorpus(opts.corpusDirs, {
    maxBytes: opts.maxFileBytes,
    onProgress: (d, t) => opts.onProgress?.('read', d, t),
    reuse: base && fileReuse(base.extras?.files, opts.maxFileBytes, base.articles, (id) => base.readArticle(id)),
  });
  opts.onStage?.('read', { articles: articles.length, skipped: skipped.length });
  if (articles.length === 0) throw new NothingToIndexError(opts.corpusDirs, skipped);

  // A reused parse is the stored article itself, so its hash is the stored one.
  const reused = new Set(files.flatMap((f) => (f.reused && 'article' in f.outcome ? [f.outcome.article] : [])));
  const diff = diffArticles(articles, base?.articles ?? new Map(), reused);
  opts.onStage?.('diff', { added: diff.added, changed: diff.changed, removed: diff.removed, unchanged: diff.unchanged });
  await writer.deleteArticles(diff.stale);
  for (const [id, file] of diff.moved) writer.setFile?.(id, file);

  const pending = chunkArticles(diff.toEmbed, opts);
  opts.onStage?.('chunk', { chunks: pending.length });
  writer.expect?.(pending.length);
  const fit = base ? undefined : fitEmbedder(pending, opts);
  if (fit && writer.adoptTokenised) {
    writer.adoptTokenised(fit.lexical);
    fit.tokensAdopted = true;
  }
  await writer.add(diff.toEmbed.map((a) => ({ ...storedOf(a), hash: diff.hashes.get(a.id)!, file: a.file ?? '' })), [], []);
  await embedAll(pending, writer, fit, opts);
  const chunkCount = diff.keptChunks + pending.length;
  opts.onStage?.('embed', { embedded: pending.length, chunks: chunkCount });

  const embedderState = fit ? fit.state : base?.meta.embedderState;
  const version = await writer.commit(
    { builtAt: new Date().toISOString(), embedder: opts.embedderInfo, embedderState, chunkSize: opts.chunkSize, chunkOverlap: opts.chunkOverlap },
    { files: fileCache(files, new Set(articles), opts.maxFileBytes) },
  );
  opts.onStage?.('write', { articles: articles.length, chunks: chunkCount });
  return {
    articles: articles.length, chunks: chunkCount, added: diff.added, changed: diff.changed, removed: diff.removed,
    unchanged: diff.unchanged, skipped, ms: Math.round(performance.now() - started), version,
  };
}

function storedOf(a: Article) {
  return { id: a.id, url: a.url, title: a.title, publishedAt: a.publishedAt, source: a.source, script: a.script, text: a.text };
}

interface PendingChunk {
  article: Article;
  ordinal: number;
  text: string;
  /** Header + passage, as embedded by remote embedders. */
  indexed: string;
  /** `indexed` in matching form, for the local embedder and the lexical tokens. */
  matchForm: string;
}

/** Chunk what needs embedding; each chunk is normalised once for the embedder and the lexical tokens. */
function chunkArticles(articles: Article[], opts: BuildOptions): PendingChunk[] {
  const pending: PendingChunk[] = [];
  for (const a of articles) {
    chunkText(a.text, { size: opts.chunkSize, overlap: opts.chunkOverlap }).forEach((text, ordinal) => {
      const indexed = indexedText(a, text);
      pending.push({ article: a, ordinal, text, indexed, matchForm: normalizeForMatch(indexed) });
    });
  }
  return pending;
}

/** A full build's fit of a fitted embedder: every chunk tokenised up front (the fit needs all document frequencies first). */
interface Fit {
  lexical: LexicalBuilder;
  corpus: FeatureCorpus;
  state: NonNullable<ReturnType<FittedEmbedder['state']>>;
  /** The writer took `lexical` as the chunks' postings: their tokens need not be passed again. */
  tokensAdopted?: boolean;
}

function fitEmbedder(pending: PendingChunk[], opts: BuildOptions): Fit | undefined {
  if (!isFitted(opts.embeddings)) return undefined;
  const lexical = LexicalBuilder.empty();
  pending.forEach((p, i) => lexical.add(i, tokenize(p.matchForm)));
  const corpus = featureCorpus(lexical);
  opts.embeddings.fitCorpus(corpus);
  return { lexical, corpus, state: opts.embeddings.state() };
}

/** Embed the pending chunks in batches and add them to the writer. */
async function embedAll(pending: PendingChunk[], writer: IndexWriter, fit: Fit | undefined, opts: BuildOptions): Promise<void> {
  const batchSize = opts.batchSize ?? 256;
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    const embedded = fit ? embedTokenised(opts.embeddings as Embeddings & FittedEmbedder, fit.corpus, i, batch.length) : await embedBatch(opts.embeddings, batch);
    const chunks = batch.map((p, j) => ({
      articleId: p.article.id, ordinal: p.ordinal, text: p.text, tokens: chunkTokens(fit, p, i + j),
    }));
    await writer.add([], chunks, embedded);
    opts.onProgress?.('embed', Math.min(i + batchSize, pending.length), pending.length);
  }
}

/** A chunk's lexical tokens for the writer: none when it adopted the fit's postings, from them when not, else tokenised here. */
function chunkTokens(fit: Fit | undefined, p: PendingChunk, k: number): string[] {
  if (!fit) return tokenize(p.matchForm);
  return fit.tokensAdopted ? [] : tokensOf(fit.lexical, k);
}

function embedTokenised(embedder: FittedEmbedder, corpus: FeatureCorpus, from: number, count: number): number[][] {
  return Array.from({ length: count }, (_, j) => embedder.embedDoc(corpus, from + j));
}

function embedBatch(embeddings: Embeddings, batch: PendingChunk[]): Promise<number[][]> {
  if (isFitted(embeddings)) return Promise.resolve(batch.map((p) => embeddings.embedMatchForm(p.matchForm)));
  return embeddings.embedDocuments(batch.map((p) => p.indexed));
}

/** Which articles are new or changed (to embed), which indexed ones are stale (changed or removed), and what is kept. */
function diffArticles(articles: Article[], indexed: ReadonlyMap<string, IndexedArticle>, reused: Set<Article>) {
  const current = new Set(articles.map((a) => a.id));
  const toEmbed: Article[] = [];
  const stale: string[] = [];
  const moved = new Map<string, string>();
  let added = 0, changed = 0, unchanged = 0, keptChunks = 0;
  const hashes = new Map<string, string>();
  for (const a of articles) {
    const prev = indexed.get(a.id);
    const hash = prev && reused.has(a) ? prev.hash : contentHash(a);
    hashes.set(a.id, hash);
    if (prev && prev.hash === hash) {
      unchanged++;
      keptChunks += prev.chunks;
      if (a.file && a.file !== prev.file) moved.set(a.id, a.file);
    } else {
      if (prev) {
        changed++;
        stale.push(a.id);
      } else added++;
      toEmbed.push(a);
    }
  }
  for (const id of indexed.keys()) if (!current.has(id)) stale.push(id);
  const removed = stale.length - changed;
  return { toEmbed, stale, moved, hashes, added, changed, removed, unchanged, keptChunks };
}
