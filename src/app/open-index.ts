/**
 * Build the index from the configured corpus, or open the served one (building it
 * first when there is none). Everything below src/app takes plain arguments.
 */
import type { Config } from '../config.js';
import { buildIndex, type BuildSummary } from '../ingest/build.js';
import { waitForUnlock, type LockWait } from '../util/lock.js';
import { readCurrentVersion } from '../store/layout.js';
import { openKnowledgeBase, type LoadedKnowledgeBase, type ServedSnapshot } from '../retrieve/knowledge-base.js';
import { chooseEmbedder } from './embedder.js';
import { loadExpander } from './expander.js';
import { createProgress } from './progress.js';
import { postgresStore } from './store.js';
import type { PgIndexStore } from '../store/pg/pg-store.js';
import { IndexBusyError } from '../util/lock.js';

export async function runIndex(
  config: Config, opts: { corpusDirs?: string[]; full?: boolean; quiet?: boolean; log?: (line: string) => void; lockWait?: LockWait; store?: PgIndexStore },
): Promise<BuildSummary> {
  const { embeddings, info } = await chooseEmbedder(config);
  const progress = createProgress(!opts.quiet);
  const store = opts.store ?? postgresStore(config, (stage, done, total) => progress.update(stage, done, total));
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
      store,
      onProgress: (stage, done, total) => progress.update(stage, done, total),
      onStage: (stage, detail) => {
        progress.stop();
        opts.log?.(`${stage}: ${Object.entries(detail).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      },
    });
  } finally {
    progress.stop();
    if (!opts.store) await store?.close();
  }
}

const FIRST_BUILD_WAIT_MS = 10 * 60_000;

/** Open the served index, building it from the corpus first when there is none. */
export async function openOrBuild(config: Config, log: (line: string) => void = () => {}): Promise<LoadedKnowledgeBase<ServedSnapshot>> {
  const pg = postgresStore(config);
  if (pg) return openOrBuildPostgres(config, pg, log);
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

/** The same over PostgreSQL: a process that finds another one building (the advisory lock) waits for its commit. */
async function openOrBuildPostgres(config: Config, store: PgIndexStore, log: (line: string) => void): Promise<LoadedKnowledgeBase<ServedSnapshot>> {
  if (!(await store.currentVersion())) {
    log(`no index in ${store.where}: building one from ${config.CORPUS_DIR.join(', ')}`);
    try {
      const summary = await runIndex(config, { log, store });
      log(`indexed ${summary.articles} articles (${summary.chunks} chunks) in ${summary.ms} ms`);
    } catch (err) {
      if (!(err instanceof IndexBusyError)) throw err;
      log(`waiting for the index build of another process on ${store.where} to finish…`);
      for (const end = Date.now() + FIRST_BUILD_WAIT_MS; !(await store.currentVersion());) {
        if (Date.now() > end) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
  const choice = await chooseEmbedder(config);
  return openKnowledgeBase(config.INDEX_DIR, {
    store, embeddings: choice.embeddings, embedderInfo: choice.info, expand: await loadExpander(), referenceDate: config.REFERENCE_DATE, minRelevance: config.MIN_RELEVANCE,
  });
}
