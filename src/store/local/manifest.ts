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
 * Large parts live in files of their own, which the manifest names: the fitted
 * embedder's state (`embedder-<sha1>.bin`, ~2 MB, the same from one full build to
 * the next, so an incremental run neither parses it into nor writes it out with the
 * manifest; embedder-state.ts), and the bases of the two keyed tables, the article
 * table (`articles-<generation>.json`) and the corpus file stamps in the commit's
 * extras (`stamps-<generation>.json`, which only the next index run reads, not a
 * search): the manifest holds only the rows changed since (table-delta.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWhole } from '../../util/bytes.js';
import { decodeState, encodeState, stateFileName } from './embedder-state.js';
import { INDEX_FORMAT, IndexFormatError, type CommitExtras, type IndexedArticle, type IndexMeta } from '../index-store.js';
import type { FileCache, StampRow } from '../file-cache.js';
import { readTable, writeTable, type ReadTable, type TableDelta } from './table-delta.js';

export const CURRENT_FILE = 'CURRENT';
const MANIFEST = /^manifest-(\d+)\.json$/;
/** The manifests' files of their own (see above). */
const PART = /^(?:embedder-[0-9a-f]+\.bin|(?:articles|stamps)-\d+\.json)$/;

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
  /** When read with them (a search does not). */
  extras?: CommitExtras;
  /** The file holding meta.embedderState. */
  embedderStateFile?: string;
  /** The tables as read (their deltas): a commit writes its own as deltas against them. */
  tables?: { articles: ReadTable<ArticleRow>; stamps?: ReadTable<StampRow> };
}

/**
 * The manifest file: the article table and the extras' file stamps as deltas against
 * their base files; the rest of the extras as they are.
 */
interface ManifestFile extends Omit<ManifestJson, 'articles' | 'tables'> {
  articles: TableDelta<ArticleRow>;
  /** The extras' file stamps (extras.files.files), when they hold them. */
  stamps?: TableDelta<StampRow>;
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
  const file = readJson(dir, name) as ManifestFile;
  if (file.format !== INDEX_FORMAT) throw new IndexFormatError(dir, file.format);
  const { articles: articleDelta, extras, stamps: stampDelta, ...rest } = file;
  const articles = readTable(dir, articleDelta);
  const json: ManifestJson = { ...rest, articles: articles.rows, tables: { articles } };
  if (file.embedderStateFile !== undefined) json.meta.embedderState = decodeState(readFileSync(join(dir, file.embedderStateFile))) as object;
  if (opts.extras && extras) {
    const stamps = stampDelta && readTable(dir, stampDelta);
    json.extras = stamps ? { ...extras, files: { ...(extras.files as object), files: stamps.rows } } : extras;
    json.tables!.stamps = stamps;
  }
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
 * Write the embedder state file and the tables (deltas, or new bases), then the manifest
 * naming them, then swap CURRENT to it (write a temp file + rename: atomic on POSIX and
 * NTFS). Sets the file names and tables on `manifest`.
 */
export async function publishManifest(dir: string, manifest: ManifestJson, beforeSwap?: () => Promise<void>, previous?: ManifestJson): Promise<string> {
  const name = manifestName(manifest.generation);
  const generation = String(manifest.generation).padStart(6, '0');
  const { embedderState, ...meta } = manifest.meta;
  if (embedderState !== undefined) manifest.embedderStateFile = await writeEmbedderState(dir, embedderState, previous);
  const { extras, tables: _tables, articles, ...rest } = manifest;
  const articleDelta = await writeTable(dir, `articles-${generation}.json`, articles, previous?.tables?.articles);
  manifest.tables = { articles: { rows: articles, delta: articleDelta } };
  const file: ManifestFile = { ...rest, meta, articles: articleDelta, extras };
  const cache = stampsOf(extras);
  if (cache) {
    file.stamps = await writeTable(dir, `stamps-${generation}.json`, cache.files, previous?.tables?.stamps);
    file.extras = { ...extras, files: { ...cache, files: undefined } };
    manifest.tables.stamps = { rows: cache.files, delta: file.stamps };
  }
  await writeAtomically(dir, name, JSON.stringify(file));
  await beforeSwap?.();
  const pointer = join(dir, `${CURRENT_FILE}.${process.pid}.tmp`);
  await writeFile(pointer, name + '\n');
  await rename(pointer, join(dir, CURRENT_FILE));
  return name;
}

/** The extras' file stamps (file-cache.ts), if that is what they hold. */
function stampsOf(extras: CommitExtras | undefined): FileCache | undefined {
  const files = (extras?.files as Partial<FileCache> | undefined)?.files;
  return typeof files === 'object' && files !== null && !Array.isArray(files) ? (extras!.files as FileCache) : undefined;
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
  const parts = new Set(keep.flatMap((m) => [m.embedderStateFile, m.tables?.articles.delta.base, m.tables?.stamps?.delta.base]).filter((n) => n !== undefined));
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
