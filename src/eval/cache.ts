/**
 * Eval indexes live in `<cacheDir>/<key>`, where the key hashes the corpus listing
 * (names, sizes, mtimes) and every setting that changes what gets indexed, so a
 * re-run over unchanged folders skips the build and any edit forces a fresh one.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildIndex, type BuildSummary } from '../ingest/build.js';
import type { IndexStore } from '../store/index-store.js';
import { HNSW_BUILD } from '../store/hnsw-graph.js';
import { INDEX_FORMAT, readCurrentVersion } from '../store/layout.js';
import { DEFAULT_PARAMS, LocalEmbedder, LOCAL_MODEL } from '../embed/local-embedder.js';
import { TOKENIZER_VERSION } from '../text/tokenize.js';

export interface IndexSettings {
  chunkSize: number;
  chunkOverlap: number;
  maxFileBytes: number;
}

/** Stable key for (corpus folders as they are now, settings, index code versions). */
export async function corpusKey(corpusDirs: string[], settings: IndexSettings): Promise<string> {
  const h = createHash('sha1');
  h.update(JSON.stringify({ settings, model: LOCAL_MODEL, embedder: [new LocalEmbedder().dimensions, DEFAULT_PARAMS], format: INDEX_FORMAT, tokenizer: TOKENIZER_VERSION, hnsw: HNSW_BUILD }));
  for (const dir of corpusDirs) {
    h.update(`\0dir ${resolve(dir)}\n`);
    const names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.txt')).sort();
    for (const name of names) {
      const info = await stat(join(dir, name));
      h.update(`${name}\t${info.size}\t${Math.trunc(info.mtimeMs)}\n`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

export interface CachedIndex {
  indexDir: string;
  /** Set when this run built the index; undefined when it was reused. */
  built?: BuildSummary;
}

/** The cached index for these folders and settings, building it when absent. */
export async function ensureEvalIndex(
  corpusDirs: string[],
  settings: IndexSettings,
  cacheDir: string,
  onProgress?: (stage: string, done: number, total: number) => void,
  /** A database store (DATABASE_URL) to evaluate instead: rebuilt from these folders (a full build, as the cached local index is). */
  store?: IndexStore & { where: string },
): Promise<CachedIndex> {
  if (store) {
    const embeddings = new LocalEmbedder();
    const built = await buildIndex({ corpusDirs, indexDir: join(cacheDir, 'postgres'), embeddings, embedderInfo: embeddings.info, ...settings, full: true, onProgress, store });
    return { indexDir: store.where, built };
  }
  const indexDir = join(cacheDir, await corpusKey(corpusDirs, settings));
  if (await readCurrentVersion(indexDir)) return { indexDir };
  const embeddings = new LocalEmbedder();
  const built = await buildIndex({
    corpusDirs,
    indexDir,
    embeddings,
    embedderInfo: embeddings.info,
    ...settings,
    full: true,
    onProgress,
  });
  return { indexDir, built };
}
