/**
 * The manifest of a local index: which immutable segments make it up and which of
 * their chunks are live. INDEX_DIR/CURRENT names the manifest being served; a
 * commit writes `manifest-<n>.json`, then points CURRENT at it with a rename, so a
 * crash at any point leaves the previous manifest serving.
 *
 * Deletion lists: an article lives in exactly one segment (its entry here names it
 * and its label range). A segment's chunks that no live article owns are deleted;
 * readers derive the per-segment deletion bitmap from the article table.
 *
 * Two parts live in files of their own, which the manifest names: the fitted
 * embedder's state (`embedder-<sha1>.bin`, ~2 MB, the same from one full build to
 * the next, so an incremental run neither parses it into nor writes it out with the
 * manifest; embedder-state.ts) and the commit's extras (`extras-<generation>.json`:
 * the corpus file stamps, which only the next index run reads, not a search).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWhole } from '../../util/bytes.js';
import { decodeState, encodeState, stateFileName } from './embedder-state.js';
import { INDEX_FORMAT, IndexFormatError, type CommitExtras, type IndexedArticle, type IndexMeta } from '../index-store.js';

export const CURRENT_FILE = 'CURRENT';
const MANIFEST = /^manifest-(\d+)\.json$/;
/** The manifests' files of their own (see above). */
const PART = /^(?:embedder-[0-9a-f]+\.bin|extras-\d+\.json)$/;

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
  /** In memory with the embedder state; on disk without (see embedderStateFile). */
  meta: IndexMeta;
  nextLabel: number;
  segments: SegmentEntry[];
  /** Live articles by id. */
  articles: Record<string, ArticleRow>;
  /** In memory only, when read with them (see extrasFile). */
  extras?: CommitExtras;
  /** The file holding meta.embedderState. */
  embedderStateFile?: string;
  /** The file holding the extras. */
  extrasFile?: string;
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

/**
 * Read straight into a string (no Buffer): a Buffer is external memory to V8, and a few
 * MB of it each run set off scavenges that cost more than the parse.
 */
const readJson = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));

/**
 * The manifest CURRENT names, with its embedder state, and its extras when asked for (a
 * search never needs them); an index of another format (a `v-*` version folder, format
 * 1 to 3) is refused. Synchronous: opening starts reading the segments' large files
 * on the thread pool as soon as it knows them, before anything else takes the main thread.
 */
export function readManifest(dir: string, name: string, opts: { extras?: boolean } = {}): ManifestJson {
  if (!MANIFEST.test(name)) throw new IndexFormatError(dir, name.startsWith('v-') ? '≤ 2' : name);
  const json = readJson(dir, name) as ManifestJson;
  if (json.format !== INDEX_FORMAT) throw new IndexFormatError(dir, json.format);
  const state = json.embedderStateFile === undefined ? undefined : decodeState(readFileSync(join(dir, json.embedderStateFile)));
  const extras = opts.extras && json.extrasFile !== undefined ? readJson(dir, json.extrasFile) : undefined;
  if (state !== undefined) json.meta.embedderState = state as object;
  if (extras !== undefined) json.extras = extras as CommitExtras;
  return json;
}

export function manifestName(generation: number): string {
  return `manifest-${String(generation).padStart(6, '0')}.json`;
}

/** Write a file whole under a temp name, then rename it into place. */
async function writeAtomically(dir: string, name: string, data: string | Buffer): Promise<void> {
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  writeFileSync(tmp, data); // a string written as it is: no Buffer (see readJson)
  await rename(tmp, join(dir, name));
}

/** Write the embedder state's file unless `previous` has it already (the same state object, or a file of the same content). */
async function writeEmbedderState(dir: string, state: object, previous: ManifestJson | undefined): Promise<string> {
  if (previous?.embedderStateFile && previous.meta.embedderState === state) return previous.embedderStateFile;
  const encoded = encodeState(state);
  const name = stateFileName(encoded);
  const present = await access(join(dir, name)).then(() => true, () => false);
  if (!present) await writeAtomically(dir, name, encoded);
  return name;
}

/**
 * Write the embedder state and extras files, then the manifest naming them, then swap
 * CURRENT to it (write a temp file + rename: atomic on POSIX and NTFS). Sets the file
 * names on `manifest`.
 */
export async function publishManifest(dir: string, manifest: ManifestJson, beforeSwap?: () => Promise<void>, previous?: ManifestJson): Promise<string> {
  const name = manifestName(manifest.generation);
  const { embedderState, ...meta } = manifest.meta;
  if (embedderState !== undefined) manifest.embedderStateFile = await writeEmbedderState(dir, embedderState, previous);
  if (manifest.extras !== undefined) {
    manifest.extrasFile = `extras-${String(manifest.generation).padStart(6, '0')}.json`;
    await writeAtomically(dir, manifest.extrasFile, JSON.stringify(manifest.extras));
  }
  const { extras: _extras, ...rest } = manifest;
  await writeAtomically(dir, name, JSON.stringify({ ...rest, meta }));
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
 * Remove what no kept manifest references: segments, manifests, embedder state and
 * extras files, temp files of dead runs, and folders of the old version layout. Keeps the served manifest and the
 * one before it (a running bot may read that until it reloads). Best effort: a file
 * still open elsewhere (Windows) is left for the next run.
 */
export async function prune(dir: string, keep: ManifestJson[]): Promise<void> {
  const segments = new Set(keep.flatMap((m) => m.segments.map((s) => s.name)));
  const manifests = new Set(keep.map((m) => manifestName(m.generation)));
  const parts = new Set(keep.flatMap((m) => [m.embedderStateFile, m.extrasFile]).filter((n) => n !== undefined));
  const mine = `.${process.pid}.tmp`;
  const writing = (name: string) => name.endsWith('.tmp') && name.includes(`-${process.pid}-`);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const stale =
      (name.startsWith('seg-') && !segments.has(name) && !writing(name)) ||
      (MANIFEST.test(name) && !manifests.has(name)) ||
      (PART.test(name) && !parts.has(name)) ||
      (name.endsWith('.tmp') && !name.endsWith(mine) && !name.startsWith('seg-')) ||
      name.startsWith('v-');
    if (stale) await rm(join(dir, name), { recursive: true, force: true }).catch(() => {});
  }
}
