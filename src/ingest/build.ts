/**
 * Build or update an index: read corpus → diff against the served version's
 * manifest → embed only new/changed articles → write a new version folder →
 * swap it in atomically. A failure at any point leaves the served version intact.
 */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import { readCorpus } from '../corpus/read.js';
import { LexicalBuilder } from '../store/lexical-builder.js';
import { LexicalIndex } from '../store/lexical.js';
import { isFitted, type FeatureCorpus, type FittedEmbedder } from '../embed/embedder.js';
import { normalizeForMatch } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Article, EmbedderInfo } from '../types.js';
import { chunkText } from './chunk.js';
import { loadFileCache, writeFileCache } from '../store/file-cache.js';
import { featureCorpus } from './lexical-features.js';
import { indexedText } from '../store/indexed-text.js';
import { writeArticles } from '../store/articles.js';
import { acquireLock, type LockWait } from '../util/lock.js';
import {
  INDEX_FORMAT, newVersionDir, publishVersion, pruneVersions, readCurrentVersion, readJson,
  type IndexMeta, type Manifest,
} from '../store/layout.js';
import { VectorStoreBuilder } from '../store/vector-store.js';

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

/** The served version's vectors cannot be read back: the build starts over from scratch. */
class UnreadablePreviousError extends Error {}

export function contentHash(a: Article): string {
  return createHash('sha1').update(JSON.stringify([a.url, a.title, a.publishedAt, a.source, a.text])).digest('hex');
}

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const release = await acquireLock(opts.indexDir, '.lock', 'index run', opts.lockWait);
  try {
    return await buildLocked(opts, started).catch((err) => {
      if (err instanceof UnreadablePreviousError) return buildLocked({ ...opts, full: true }, started);
      throw err;
    });
  } finally {
    await release();
  }
}

async function buildLocked(opts: BuildOptions, started: number): Promise<BuildSummary> {
  const previousDir = await readCurrentVersion(opts.indexDir);
  // The previous version's files and graph are read while the corpus is statted and read.
  const loading = previousDir && !opts.full ? loadReusable(previousDir, opts) : undefined;
  const opening = previousDir && !opts.full ? openPreviousStore(previousDir, opts) : undefined;
  opening?.catch(() => {}); // awaited later; this only keeps an early exit from leaving it unhandled
  try {
    return await buildFrom(opts, started, previousDir, loading, opening);
  } finally {
    await opening?.then((s) => s.close(), () => {});
  }
}

function openPreviousStore(dir: string, opts: BuildOptions): Promise<VectorStoreBuilder> {
  return VectorStoreBuilder.open(dir, opts.embedderInfo.dimensions).catch((err: Error) => {
    throw new UnreadablePreviousError(`${dir}: ${err.message}`);
  });
}

async function buildFrom(
  opts: BuildOptions, started: number, previousDir: string | undefined,
  loading: ReturnType<typeof loadReusable> | undefined, opening: Promise<VectorStoreBuilder> | undefined,
): Promise<BuildSummary> {
  const { articles, skipped, files } = await readCorpus(opts.corpusDirs, {
    maxBytes: opts.maxFileBytes,
    onProgress: (d, t) => opts.onProgress?.('read', d, t),
    reuse: loading?.then((p) => p?.reuse),
  });
  const previous = await loading;
  opts.onStage?.('read', { articles: articles.length, skipped: skipped.length });
  if (articles.length === 0) {
    throw new NothingToIndexError(opts.corpusDirs, skipped);
  }

  const version = await newVersionDir(opts.indexDir);
  let store: VectorStoreBuilder | undefined;
  try {
    // A reused parse is the stored article itself, so its hash is the stored one.
    const reused = new Set(files.flatMap((f) => (f.reused && 'article' in f.outcome ? [f.outcome.article] : [])));
    const diff = diffArticles(articles, previous?.manifest ?? {}, reused);
    opts.onStage?.('diff', { added: diff.added, changed: diff.changed, removed: diff.removed, unchanged: diff.unchanged });

    const pending = chunkArticles(diff.toEmbed, opts);
    opts.onStage?.('chunk', { chunks: pending.length });

    const stores = await openStores(previous, opening, diff.staleLabels, pending, opts);
    store = stores.vectors;
    const { lexical, embedderState } = stores;
    const manifest = diff.manifest;
    await embedAll(pending, stores, diff, opts);
    const chunkCount = Object.values(manifest).reduce((n, e) => n + e.labels.length, 0);
    opts.onStage?.('embed', { embedded: pending.length, chunks: chunkCount });

    const meta: IndexMeta = {
      format: INDEX_FORMAT,
      builtAt: new Date().toISOString(),
      embedder: opts.embedderInfo,
      embedderState,
      chunkSize: opts.chunkSize,
      chunkOverlap: opts.chunkOverlap,
      articles: articles.length,
      chunks: chunkCount,
    };
    await Promise.all([
      store.save(version.tmp),
      writeArticles(version.tmp, articles),
      lexical.save(version.tmp),
      writeFileCache(version.tmp, files, new Set(articles), opts.maxFileBytes),
      writeJsonFile(join(version.tmp, 'manifest.json'), manifest),
      writeJsonFile(join(version.tmp, 'meta.json'), meta),
    ]);
    await publishVersion(opts.indexDir, version);
    await pruneVersions(opts.indexDir, [version.final, previousDir ?? '']);
    opts.onStage?.('write', { articles: articles.length, chunks: chunkCount });
    return {
      articles: articles.length, chunks: chunkCount, added: diff.added, changed: diff.changed, removed: diff.removed,
      unchanged: diff.unchanged, skipped, ms: Math.round(performance.now() - started), version: version.name,
    };
  } catch (err) {
    await store?.close();
    await rm(version.tmp, { recursive: true, force: true });
    throw err;
  }
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

interface Stores {
  vectors: VectorStoreBuilder;
  lexical: LexicalBuilder;
  embedderState: IndexMeta['embedderState'];
  /** Set on full builds with a fitted embedder: chunks were tokenised up front and are embedded from their tokens. */
  tokenised?: FeatureCorpus;
}

/** Vector and lexical stores: the previous ones minus stale chunks, or new ones (fitting a fitted embedder first). */
async function openStores(
  previous: Awaited<ReturnType<typeof loadReusable>>, opening: Promise<VectorStoreBuilder> | undefined,
  staleLabels: number[], pending: PendingChunk[], opts: BuildOptions,
): Promise<Stores> {
  if (previous && opening) {
    const vectors = await opening;
    vectors.remove(staleLabels);
    return { vectors, lexical: LexicalBuilder.from(previous.lexical, staleLabels), embedderState: previous.meta.embedderState };
  }
  const vectors = await VectorStoreBuilder.create(opts.embedderInfo.dimensions, pending.length);
  const stores: Stores = { vectors, lexical: LexicalBuilder.empty(), embedderState: previous?.meta.embedderState };
  if (!isFitted(opts.embeddings)) return stores;
  try {
    // The fit needs every chunk's document frequencies before the first embedding.
    pending.forEach((p, i) => stores.lexical.add(i, tokenize(p.matchForm)));
    stores.tokenised = featureCorpus(stores.lexical);
    opts.embeddings.fitCorpus(stores.tokenised);
    stores.embedderState = opts.embeddings.state();
    return stores;
  } catch (err) {
    await vectors.close(); // the graph's worker thread
    throw err;
  }
}

/** Embed the pending chunks in batches into the stores, recording their labels in the manifest. */
async function embedAll(
  pending: PendingChunk[], { vectors, lexical, tokenised }: Stores, diff: { manifest: Manifest; hashes: Map<string, string> }, opts: BuildOptions,
): Promise<void> {
  const batchSize = opts.batchSize ?? 256;
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    const embedded = tokenised ? embedTokenised(opts.embeddings as Embeddings & FittedEmbedder, tokenised, i, batch.length) : await embedBatch(opts.embeddings, batch);
    const labelStart = vectors.add(embedded, batch.map((p) => ({ articleId: p.article.id, ordinal: p.ordinal, text: p.text })));
    if (tokenised && labelStart !== i) throw new Error(`internal: chunk ${i} got label ${labelStart}`);
    batch.forEach((p, j) => {
      if (!tokenised) lexical.add(labelStart + j, tokenize(p.matchForm));
      const entry = (diff.manifest[p.article.id] ??= { hash: diff.hashes.get(p.article.id)!, file: p.article.file ?? '', labels: [] });
      entry.labels.push(labelStart + j);
    });
    opts.onProgress?.('embed', Math.min(i + batchSize, pending.length), pending.length);
  }
}

function embedTokenised(embedder: FittedEmbedder, corpus: FeatureCorpus, from: number, count: number): number[][] {
  return Array.from({ length: count }, (_, j) => embedder.embedDoc(corpus, from + j));
}

function embedBatch(embeddings: Embeddings, batch: PendingChunk[]): Promise<number[][]> {
  if (isFitted(embeddings)) return Promise.resolve(batch.map((p) => embeddings.embedMatchForm(p.matchForm)));
  return embeddings.embedDocuments(batch.map((p) => p.indexed));
}

/** Which articles are new or changed (to embed), which labels are stale, and the manifest of what is kept. */
function diffArticles(articles: Article[], prevManifest: Manifest, reused: Set<Article>) {
  const current = new Set(articles.map((a) => a.id));
  const toEmbed: Article[] = [];
  let added = 0, changed = 0, unchanged = 0;
  const manifest: Manifest = {};
  const hashes = new Map<string, string>();
  for (const a of articles) {
    const prev = prevManifest[a.id];
    const hash = prev && reused.has(a) ? prev.hash : contentHash(a);
    hashes.set(a.id, hash);
    if (prev && prev.hash === hash) {
      unchanged++;
      manifest[a.id] = { ...prev, file: a.file ?? prev.file };
    } else {
      if (prev) changed++;
      else added++;
      toEmbed.push(a);
    }
  }
  const staleLabels = Object.entries(prevManifest)
    .filter(([id, e]) => !current.has(id) || e.hash !== hashes.get(id))
    .flatMap(([, e]) => e.labels);
  const removed = Object.keys(prevManifest).filter((id) => !current.has(id)).length;
  return { toEmbed, staleLabels, manifest, hashes, added, changed, removed, unchanged };
}

/** The previous version, when it was built compatibly (same embedder and chunking). */
/** What an incremental run takes from the previous version; every read starts at once (see buildLocked). */
async function loadReusable(dir: string, opts: BuildOptions) {
  try {
    const [meta, manifest, lexical, reuse] = await Promise.all([
      readJson<IndexMeta>(join(dir, 'meta.json')),
      readJson<Manifest>(join(dir, 'manifest.json')),
      LexicalIndex.load(dir),
      loadFileCache(dir, opts.maxFileBytes),
    ]);
    const e = meta.embedder;
    if (meta.format !== INDEX_FORMAT || e.kind !== opts.embedderInfo.kind || e.model !== opts.embedderInfo.model ||
        e.dimensions !== opts.embedderInfo.dimensions || meta.chunkSize !== opts.chunkSize || meta.chunkOverlap !== opts.chunkOverlap) {
      return undefined;
    }
    if (isFitted(opts.embeddings) && meta.embedderState) opts.embeddings.load(meta.embedderState);
    return { dir, meta, manifest, lexical, reuse };
  } catch {
    return undefined; // unreadable previous version: rebuild from scratch
  }
}

async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value));
}
