/**
 * Build the index from the configured corpus, or open the served one (building it
 * first when there is none). Everything below src/app takes plain arguments.
 */
import type { Config } from '../config.js';
import { buildIndex, type BuildSummary } from '../ingest/build.js';
import { waitForUnlock, type LockWait } from '../util/lock.js';
import { readCurrentVersion } from '../store/layout.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../retrieve/knowledge-base.js';
import { chooseEmbedder } from './embedder.js';
import { loadExpander } from './expander.js';
import { createProgress } from './progress.js';

export async function runIndex(
  config: Config, opts: { corpusDirs?: string[]; full?: boolean; quiet?: boolean; log?: (line: string) => void; lockWait?: LockWait },
): Promise<BuildSummary> {
  const { embeddings, info } = await chooseEmbedder(config);
  const progress = createProgress(!opts.quiet);
  try {
    return await buildIndex({
      corpusDirs: opts.corpusDirs ?? config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      embeddings,
      embedderInfo: info,
      chunkSize: config.CHUNK_SIZE,
      chunkOverlap: config.CHUNK_OVERLAP,
      maxFileBytes: config.MAX_FILE_BYTES,
      full: opts.full,
      lockWait: opts.lockWait,
      onProgress: (stage, done, total) => progress.update(stage, done, total),
      onStage: (stage, detail) => {
        progress.stop();
        opts.log?.(`${stage}: ${Object.entries(detail).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      },
    });
  } finally {
    progress.stop();
  }
}

const FIRST_BUILD_WAIT_MS = 10 * 60_000;

/** Open the served index, building it from the corpus first when there is none. */
export async function openOrBuild(config: Config, log: (line: string) => void = () => {}): Promise<LoadedKnowledgeBase> {
  // A second first run waits for the first one's build, then serves what it built.
  const lockWait = { waitMs: FIRST_BUILD_WAIT_MS, onWait: (pid: number) => log(`waiting for the index build of process ${pid} to finish…`) };
  await waitForUnlock(config.INDEX_DIR, lockWait);
  if (!(await readCurrentVersion(config.INDEX_DIR))) {
    log(`no index in ${config.INDEX_DIR}: building one from ${config.CORPUS_DIR.join(', ')}`);
    const summary = await runIndex(config, { log, lockWait });
    log(`indexed ${summary.articles} articles (${summary.chunks} chunks) in ${summary.ms} ms`);
  }
  const choice = await chooseEmbedder(config);
  return openKnowledgeBase(config.INDEX_DIR, { embeddings: choice.embeddings, embedderInfo: choice.info, expand: await loadExpander(), referenceDate: config.REFERENCE_DATE, minRelevance: config.MIN_RELEVANCE });
}
