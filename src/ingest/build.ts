/**
 * Build or update an index: read corpus → diff against the served version's
 * manifest → embed only new/changed articles → write a new version folder →
 * swap it in atomically. A failure at any point leaves the served version intact.
 */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import { readCorpus } from '../corpus/read.js';
import { LocalEmbedder } from '../retrieve/local-embedder.js';
import type { Article, EmbedderInfo } from '../types.js';
import { chunkText } from './chunk.js';
import { indexedText } from './indexed-text.js';
import { writeLexical, writeArticles } from './write-parts.js';
import { acquireLock } from './lock.js';
import {
  INDEX_FORMAT, newVersionDir, publishVersion, pruneVersions, readCurrentVersion, readJson,
  type IndexMeta, type Manifest,
} from './store-layout.js';

export interface BuildOptions {
  corpusDirs: string[];
  indexDir: string;
  /** The embedder for chunks. A LocalEmbedder is fitted on the corpus at full builds. */
  embeddings: Embeddings;
  embedderInfo: EmbedderInfo;
  chunkSize: number;
  chunkOverlap: number;
  maxFileBytes: number;
  full?: boolean;
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

export class NothingToIndexError extends Error {}

export function contentHash(a: Article): string {
  return createHash('sha1').update(JSON.stringify([a.url, a.title, a.publishedAt, a.source, a.text])).digest('hex');
}

export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const release = await acquireLock(opts.indexDir);
  try {
    return await buildLocked(opts, started);
  } finally {
    await release();
  }
}

async function buildLocked(opts: BuildOptions, started: number): Promise<BuildSummary> {
  const { articles, skipped } = await readCorpus(opts.corpusDirs, {
    maxBytes: opts.maxFileBytes,
    onProgress: (d, t) => opts.onProgress?.('read', d, t),
  });
  opts.onStage?.('read', { articles: articles.length, skipped: skipped.length });
  if (articles.length === 0) {
    throw new NothingToIndexError(`no article could be indexed from ${opts.corpusDirs.join(', ')} (${skipped.length} skipped)`);
  }

  const previousDir = await readCurrentVersion(opts.indexDir);
  const previous = previousDir && !opts.full ? await loadReusable(previousDir, opts) : undefined;
  const version = await newVersionDir(opts.indexDir);
  try {
    const prevManifest = previous?.manifest ?? {};
    const current = new Map(articles.map((a) => [a.id, a]));
    const toEmbed: Article[] = [];
    let added = 0, changed = 0, unchanged = 0;
    const manifest: Manifest = {};
    const hashes = new Map<string, string>();
    for (const a of articles) {
      const hash = contentHash(a);
      hashes.set(a.id, hash);
      const prev = prevManifest[a.id];
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
    opts.onStage?.('diff', { added, changed, removed, unchanged });

    // Chunk what needs embedding.
    const pending: { article: Article; ordinal: number; text: string }[] = [];
    for (const a of toEmbed) {
      chunkText(a.text, { size: opts.chunkSize, overlap: opts.chunkOverlap }).forEach((text, ordinal) => pending.push({ article: a, ordinal, text }));
    }
    opts.onStage?.('chunk', { chunks: pending.length });

    // Vector store: start from the previous one (minus stale labels) or from scratch.
    let store: HNSWLib;
    let embedderState = previous?.meta.embedderState;
    if (previous) {
      store = previous.store;
      for (const label of staleLabels) {
        store.index.markDelete(label);
        (store.docstore as unknown as { _docs: Map<string, Document> })._docs.delete(String(label));
      }
    } else {
      if (opts.embeddings instanceof LocalEmbedder) {
        opts.embeddings.fit(pending.map((p) => indexedText(p.article, p.text)));
        embedderState = opts.embeddings.state();
      }
      store = new HNSWLib(opts.embeddings, { space: 'cosine', numDimensions: opts.embedderInfo.dimensions });
    }

    const batchSize = opts.batchSize ?? 256;
    for (let i = 0; i < pending.length; i += batchSize) {
      const batch = pending.slice(i, i + batchSize);
      const vectors = await opts.embeddings.embedDocuments(batch.map((p) => indexedText(p.article, p.text)));
      const labelStart = safeCount(store);
      await store.addVectors(
        vectors,
        batch.map((p) => new Document({ pageContent: p.text, metadata: { articleId: p.article.id, ordinal: p.ordinal } })),
      );
      batch.forEach((p, j) => {
        const entry = (manifest[p.article.id] ??= { hash: hashes.get(p.article.id)!, file: p.article.file ?? '', labels: [] });
        entry.labels.push(labelStart + j);
      });
      opts.onProgress?.('embed', Math.min(i + batchSize, pending.length), pending.length);
    }
    const chunkCount = Object.values(manifest).reduce((n, e) => n + e.labels.length, 0);
    opts.onStage?.('embed', { embedded: pending.length, chunks: chunkCount });

    await store.save(version.tmp);
    await writeArticles(version.tmp, articles);
    await writeLexical(version.tmp, store, current);
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
    await writeJsonFile(join(version.tmp, 'manifest.json'), manifest);
    await writeJsonFile(join(version.tmp, 'meta.json'), meta);
    await publishVersion(opts.indexDir, version);
    await pruneVersions(opts.indexDir, [version.final, previousDir ?? '']);
    opts.onStage?.('write', { articles: articles.length, chunks: chunkCount });
    return {
      articles: articles.length, chunks: chunkCount, added, changed, removed, unchanged, skipped,
      ms: Math.round(performance.now() - started), version: version.name,
    };
  } catch (err) {
    await rm(version.tmp, { recursive: true, force: true });
    throw err;
  }
}

function safeCount(store: HNSWLib): number {
  try {
    return store.index.getCurrentCount();
  } catch {
    return 0;
  }
}

/** The previous version, when it was built compatibly (same embedder and chunking). */
async function loadReusable(dir: string, opts: BuildOptions) {
  try {
    const meta = await readJson<IndexMeta>(join(dir, 'meta.json'));
    const e = meta.embedder;
    if (meta.format !== INDEX_FORMAT || e.kind !== opts.embedderInfo.kind || e.model !== opts.embedderInfo.model ||
        e.dimensions !== opts.embedderInfo.dimensions || meta.chunkSize !== opts.chunkSize || meta.chunkOverlap !== opts.chunkOverlap) {
      return undefined;
    }
    if (opts.embeddings instanceof LocalEmbedder && meta.embedderState) opts.embeddings.load(meta.embedderState);
    const manifest = await readJson<Manifest>(join(dir, 'manifest.json'));
    const store = await HNSWLib.load(dir, opts.embeddings);
    return { meta, manifest, store };
  } catch {
    return undefined; // unreadable previous version: rebuild from scratch
  }
}

async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value));
}
