/**
 * The manifest of a local index: which immutable segments make it up and which of
 * their chunks are live. INDEX_DIR/CURRENT names the manifest being served; a
 * commit writes `manifest-<n>.json`, then points CURRENT at it with a rename, so a
 * crash at any point leaves the previous manifest serving.
 *
 * Deletion lists: an article lives in exactly one segment (its entry here names it
 * and its label range). A segment's chunks that no live article owns are deleted;
 * readers derive the per-segment deletion bitmap from the article table.
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWhole } from '../../util/bytes.js';
import { INDEX_FORMAT, IndexFormatError, type CommitExtras, type IndexedArticle, type IndexMeta } from '../index-store.js';

export const CURRENT_FILE = 'CURRENT';
const MANIFEST = /^manifest-(\d+)\.json$/;

export interface SegmentEntry {
  /** Folder name under INDEX_DIR. */
  name: string;
  /** Labels [base, base + count) belong to this segment, deleted ones included. */
  base: number;
  count: number;
  /** Live chunks (count minus the deleted ones). */
  live: number;
}

/** [hash, file, url, publishedAt, segment index, first label, chunk count] */
export type ArticleRow = [hash: string, file: string, url: string, publishedAt: string, segment: number, first: number, chunks: number];

export interface ManifestJson {
  format: number;
  generation: number;
  meta: IndexMeta;
  nextLabel: number;
  segments: SegmentEntry[];
  /** Live articles by id. */
  articles: Record<string, ArticleRow>;
  extras?: CommitExtras;
}

export function indexedArticle(id: string, row: ArticleRow): IndexedArticle {
  return { id, hash: row[0], file: row[1], url: row[2], publishedAt: row[3], chunks: row[6] };
}

/** The served manifest's file name, or undefined when nothing is published. */
export async function readCurrent(dir: string): Promise<string | undefined> {
  try {
    const name = (await readWhole(join(dir, CURRENT_FILE))).toString('utf8').trim();
    return name || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The manifest CURRENT names; an index of another format (a `v-*` version folder, format 1 or 2) is refused. */
export async function readManifest(dir: string, name: string): Promise<ManifestJson> {
  if (!MANIFEST.test(name)) throw new IndexFormatError(dir, name.startsWith('v-') ? '≤ 2' : name);
  const json = JSON.parse((await readWhole(join(dir, name))).toString('utf8')) as ManifestJson;
  if (json.format !== INDEX_FORMAT) throw new IndexFormatError(dir, json.format);
  return json;
}

export function manifestName(generation: number): string {
  return `manifest-${String(generation).padStart(6, '0')}.json`;
}

/** Write the manifest, then swap CURRENT to it (write a temp file + rename: atomic on POSIX and NTFS). */
export async function publishManifest(dir: string, manifest: ManifestJson, beforeSwap?: () => Promise<void>): Promise<string> {
  const name = manifestName(manifest.generation);
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(manifest));
  await rename(tmp, join(dir, name));
  await beforeSwap?.();
  const pointer = join(dir, `${CURRENT_FILE}.${process.pid}.tmp`);
  await writeFile(pointer, name + '\n');
  await rename(pointer, join(dir, CURRENT_FILE));
  return name;
}

/** A fresh segment folder name (unique across processes and runs). */
export function newSegmentName(): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 18);
  return `seg-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/**
 * Remove what no kept manifest references: segments, manifests, temp files of dead
 * runs, and folders of the old version layout. Keeps the served manifest and the
 * one before it (a running bot may read that until it reloads). Best effort: a file
 * still open elsewhere (Windows) is left for the next run.
 */
export async function prune(dir: string, keep: ManifestJson[]): Promise<void> {
  const segments = new Set(keep.flatMap((m) => m.segments.map((s) => s.name)));
  const manifests = new Set(keep.map((m) => manifestName(m.generation)));
  const mine = `.${process.pid}.tmp`;
  const writing = (name: string) => name.endsWith('.tmp') && name.includes(`-${process.pid}-`);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const stale =
      (name.startsWith('seg-') && !segments.has(name) && !writing(name)) ||
      (MANIFEST.test(name) && !manifests.has(name)) ||
      (name.endsWith('.tmp') && !name.endsWith(mine) && !name.startsWith('seg-')) ||
      name.startsWith('v-');
    if (stale) await rm(join(dir, name), { recursive: true, force: true }).catch(() => {});
  }
}
