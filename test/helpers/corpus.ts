/** Temp corpus/index folders built from the repo's own seeds. */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildIndex, type BuildOptions } from '../../src/ingest/build.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { LocalEmbedder, LOCAL_MODEL } from '../../src/embed/local-embedder.js';

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

/** A seeds index built before the file's tests and removed after; call at the top level of a test file. */
export function useSeedsKnowledgeBase(prefix: string): () => LoadedKnowledgeBase {
  let index = '';
  let kb: LoadedKnowledgeBase | undefined;
  beforeAll(async () => {
    index = await tempDir(prefix);
    await buildSeedsIndex(index);
    kb = await openKnowledgeBase(index);
  });
  afterAll(() => cleanup(index));
  return () => kb!;
}
