/**
 * On-disk layout of an index: INDEX_DIR/CURRENT names the version folder being
 * served; each build writes a fresh `v-*` folder and swaps CURRENT atomically
 * (write temp file + rename), so readers never see a half-written index.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { readWhole } from '../util/bytes.js';
import { join } from 'node:path';
import type { Article, ArticleMeta, EmbedderInfo } from '../types.js';
import type { EmbedderState } from '../embed/embedder.js';

/**
 * Bump when what is stored changes, parsing included: an index of another format is
 * rebuilt in full (files are otherwise reused unread). 2: captions dropped, sub-headings end a sentence.
 */
export const INDEX_FORMAT = 2;

export interface IndexMeta {
  format: number;
  builtAt: string;
  embedder: EmbedderInfo;
  /** The fit of a fitted embedder (embed/embedder.ts), opaque here. */
  embedderState?: EmbedderState;
  chunkSize: number;
  chunkOverlap: number;
  articles: number;
  chunks: number;
}

export interface ManifestEntry {
  hash: string;
  file: string;
  /** HNSW labels (= lexical doc ids) of this article's chunks, in order. */
  labels: number[];
}

export type Manifest = Record<string, ManifestEntry>;

/** Stored article record (meta + cleaned text). */
export type StoredArticle = Omit<Article, 'file'>;

export async function readCurrentVersion(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
    return name ? join(indexDir, name) : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function newVersionDir(indexDir: string): Promise<{ tmp: string; final: string; name: string }> {
  await mkdir(indexDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
  const name = `v-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const tmp = join(indexDir, `${name}.tmp`);
  await mkdir(tmp, { recursive: true });
  return { tmp, final: join(indexDir, name), name };
}

/** Publish a finished version: rename its folder, then atomically point CURRENT at it. */
export async function publishVersion(indexDir: string, version: { tmp: string; final: string; name: string }): Promise<void> {
  await rename(version.tmp, version.final);
  const pointerTmp = join(indexDir, `CURRENT.${process.pid}.tmp`);
  await writeFile(pointerTmp, version.name + '\n');
  await rename(pointerTmp, join(indexDir, 'CURRENT'));
}

/**
 * Remove abandoned temp folders and old versions, keeping the current one and the
 * one before it (a running bot may still be reading it until it reloads).
 */
export async function pruneVersions(indexDir: string, keep: string[]): Promise<void> {
  const entries = await readdir(indexDir).catch(() => [] as string[]);
  const versions = entries.filter((e) => e.startsWith('v-')).sort();
  const keepNames = new Set(keep.map((k) => k.split(/[\\/]/).pop()));
  for (const name of versions) {
    if (keepNames.has(name)) continue;
    if (name.endsWith('.tmp') && name.includes(`-${process.pid}-`)) continue;
    // Best effort: a version still open elsewhere (a bot reads texts from its files; Windows refuses
    // to delete open files) is left for the next run to remove.
    await rm(join(indexDir, name), { recursive: true, force: true }).catch(() => {});
  }
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse((await readWhole(path)).toString('utf8')) as T;
}

export function toMeta(a: StoredArticle): ArticleMeta {
  return { id: a.id, url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt, script: a.script };
}
