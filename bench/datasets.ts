/**
 * The scaled corpora and their indexes (~10k and ~100k chunks). With --work they
 * are kept and reused next time when nothing that shapes them changed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../src/config.js';
import { INDEX_FORMAT, readCurrentVersion } from '../src/store/layout.js';
import { timedBuild, type BuildRun } from './index-bench.js';
import { REPO_ROOT } from './options.js';
import { synthesizeCorpus, type SynthResult } from './synth.js';

export interface Dataset {
  name: string;
  corpusDir: string;
  indexDir: string;
  synth: SynthResult;
  /** Set when the index was built by this run (not reused). */
  build?: BuildRun;
}

const STAMP = 'bench-built.json';
/** Sources that shape an index on disk: a change to any of them makes a kept index stale. */
export const INDEX_SOURCES = ['src/ingest', 'src/corpus', 'src/text', 'src/util', 'src/store', 'src/embed'];

async function sourceHash(): Promise<string> {
  const hash = createHash('sha1');
  for (const entry of INDEX_SOURCES) {
    const path = join(REPO_ROOT, entry);
    const files = entry.endsWith('.ts') ? [path] : (await readdir(path)).filter((f) => f.endsWith('.ts')).sort().map((f) => join(path, f));
    for (const file of files) hash.update(file).update(await readFile(file));
  }
  return hash.digest('hex');
}

export async function prepareDataset(
  name: string, sourceDir: string, workDir: string, targetChunks: number, seed: number, config: Config, log: (l: string) => void,
): Promise<Dataset> {
  const corpusDir = join(workDir, `corpus-${name}`);
  const indexDir = join(workDir, `index-${name}`);
  let t = performance.now();
  const synth = await synthesizeCorpus({
    sourceDir, outDir: corpusDir, targetChunks, seed,
    chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES,
  });
  log(`  ${name} corpus: ${synth.files} files, ~${synth.chunks} chunks (${synth.copies} shuffled copies) in ${Math.round(performance.now() - t)} ms`);
  const stamp = JSON.stringify({ synth, format: INDEX_FORMAT, size: config.CHUNK_SIZE, overlap: config.CHUNK_OVERLAP, code: await sourceHash() });
  const previous = await readFile(join(indexDir, STAMP), 'utf8').catch(() => '');
  if (previous === stamp && (await readCurrentVersion(indexDir))) {
    log(`  ${name} index: reused ${indexDir}`);
    return { name, corpusDir, indexDir, synth };
  }
  await rm(indexDir, { recursive: true, force: true });
  t = performance.now();
  const build = await timedBuild([corpusDir], indexDir, config, true);
  log(`  ${name} index: ${build.chunks} chunks in ${Math.round(build.ms)} ms (${Math.round(build.chunks / (build.ms / 1000))}/s) ${JSON.stringify(build.stages)}`);
  await writeFile(join(indexDir, STAMP), stamp);
  return { name, corpusDir, indexDir, synth, build };
}
