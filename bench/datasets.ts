/**
 * The scaled corpora and their indexes (~10k and ~100k chunks). With --work they
 * are kept and reused next time when nothing that shapes them changed.
 */
import { createHash } from 'node:crypto';
import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
  /** Incremental runs applied after the full build (each re-indexes one edited article), and their median ms. */
  updates?: { runs: number; medianMs: number };
}

/**
 * A realistic update history: `runs` incremental re-indexes after the full build,
 * each after a real edit of one article's body (a new paragraph), so queries run
 * over the segments and deletions such a history leaves, not one fresh segment.
 */
async function applyUpdates(corpusDir: string, indexDir: string, runs: number, config: Config): Promise<{ runs: number; medianMs: number }> {
  const files = (await readdir(corpusDir)).filter((f) => f.endsWith('.txt')).sort();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    await appendFile(join(corpusDir, files[(r * 7919 + 13) % files.length]!), `\n<p>更新记录第${r + 1}条：该文补充了新的段落，内容与原文不同。</p>\n`);
    const run = await timedBuild([corpusDir], indexDir, config, false);
    if (run.summary.changed !== 1) throw new Error(`update ${r + 1}: expected one changed article, got ${JSON.stringify(run.summary)}`);
    ms.push(run.ms);
  }
  return { runs, medianMs: ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? 0 };
}

const STAMP = 'bench-built.json';
/** Sources that shape an index on disk: a change to any of them makes a kept index stale. */
export const INDEX_SOURCES = [
  'src/ingest', 'src/corpus', 'src/text', 'src/util', 'src/store', 'src/store/local', 'src/embed',
];

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
  name: string, sourceDir: string, workDir: string, targetChunks: number, seed: number, config: Config, log: (l: string) => void, updates = 0,
): Promise<Dataset> {
  const corpusDir = join(workDir, `corpus-${name}`);
  const indexDir = join(workDir, `index-${name}`);
  let t = performance.now();
  const synth = await synthesizeCorpus({
    sourceDir, outDir: corpusDir, targetChunks, seed,
    chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES,
  });
  log(`  ${name} corpus: ${synth.files} files, ~${synth.chunks} chunks (${synth.copies} shuffled copies) in ${Math.round(performance.now() - t)} ms`);
  const stamp = JSON.stringify({ synth, updates, format: INDEX_FORMAT, size: config.CHUNK_SIZE, overlap: config.CHUNK_OVERLAP, code: await sourceHash() });
  const previous = await readFile(join(indexDir, STAMP), 'utf8').catch(() => '');
  if (previous === stamp && (await readCurrentVersion(indexDir))) {
    log(`  ${name} index: reused ${indexDir}`);
    return { name, corpusDir, indexDir, synth };
  }
  await rm(indexDir, { recursive: true, force: true });
  // The updates edit the corpus: one an earlier run kept holds its appended paragraphs already, so the same edits
  // would change nothing now. A rebuilt index starts from a fresh corpus.
  if (updates > 0) {
    await rm(corpusDir, { recursive: true, force: true });
    await synthesizeCorpus({ sourceDir, outDir: corpusDir, targetChunks, seed, chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES });
  }
  t = performance.now();
  const build = await timedBuild([corpusDir], indexDir, config, true);
  log(`  ${name} index: ${build.chunks} chunks in ${Math.round(build.ms)} ms (${Math.round(build.chunks / (build.ms / 1000))}/s) ${JSON.stringify(build.stages)}`);
  const updated = updates > 0 ? await applyUpdates(corpusDir, indexDir, updates, config) : undefined;
  if (updated) log(`  ${name} index: ${updated.runs} incremental updates, median ${Math.round(updated.medianMs)} ms`);
  await writeFile(join(indexDir, STAMP), stamp);
  return { name, corpusDir, indexDir, synth, build, updates: updated };
}
