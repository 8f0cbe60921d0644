/** Temp corpus/index folders built from the repo's own seeds. */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, type BuildOptions } from '../../src/ingest/build.js';
import { LocalEmbedder, LOCAL_MODEL } from '../../src/retrieve/local-embedder.js';

export const SEEDS_DIR = join(import.meta.dirname, '..', '..', 'seeds');

export async function tempDir(prefix = 'qa-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A copy of seeds/ in a temp folder (so tests may edit it). */
export async function copySeeds(): Promise<string> {
  const dir = await tempDir('qa-corpus-');
  for (const f of await readdir(SEEDS_DIR)) await cp(join(SEEDS_DIR, f), join(dir, f));
  return dir;
}

export function localBuildOptions(corpusDir: string, indexDir: string, overrides: Partial<BuildOptions> = {}): BuildOptions {
  const embeddings = new LocalEmbedder();
  return {
    corpusDirs: [corpusDir],
    indexDir,
    embeddings,
    embedderInfo: { kind: 'local', model: LOCAL_MODEL, dimensions: embeddings.dimensions },
    chunkSize: 300,
    chunkOverlap: 60,
    maxFileBytes: 2_000_000,
    ...overrides,
  };
}

export async function buildSeedsIndex(indexDir: string) {
  return buildIndex(localBuildOptions(SEEDS_DIR, indexDir));
}

export async function cleanup(...dirs: string[]): Promise<void> {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}
