/**
 * Wiring shared by the entry points: config → embedder, expander, index, answerer.
 * Everything below src/ takes these as plain arguments.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import { createOpenAIEmbeddings } from '../embed/openai.js';
import { OPENAI_DEFAULT_BASE_URL } from '../util/openai-client.js';
import { probeServer } from '../answer/reachability.js';
import type { Config } from '../config.js';
import { buildIndex, type BuildSummary } from '../ingest/build.js';
import { waitForUnlock, type LockWait } from '../util/lock.js';
import { readCurrentVersion } from '../store/layout.js';
import { CliError } from './errors.js';
import { LocalEmbedder, LOCAL_MODEL } from '../embed/local-embedder.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../retrieve/knowledge-base.js';
import type { QueryExpander } from '../retrieve/hybrid.js';
import type { EmbedderInfo } from '../types.js';
import { createProgress } from './progress.js';

export interface EmbedderChoice {
  embeddings: Embeddings;
  info: EmbedderInfo;
}

/** Local embedder unless an API key is set (or EMBEDDER forces one). */
export async function chooseEmbedder(config: Config): Promise<EmbedderChoice> {
  const useOpenAI = config.EMBEDDER === 'openai' || (config.EMBEDDER === 'auto' && !!config.OPENAI_API_KEY);
  if (!useOpenAI) {
    const local = new LocalEmbedder();
    return { embeddings: local, info: { kind: 'local', model: LOCAL_MODEL, dimensions: local.dimensions } };
  }
  if (!config.OPENAI_API_KEY) throw new CliError('EMBEDDER=openai needs OPENAI_API_KEY', 'set it in .env (see .env.example), or use EMBEDDER=local');
  const embeddings = createOpenAIEmbeddings({
    apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.EMBEDDING_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: config.LLM_MAX_RETRIES,
  });
  // Name the server in ~1 s when it is not there, rather than "Connection error." after the retries.
  await probeServer(config.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL, config.LLM_CONNECT_TIMEOUT_MS);
  // The dimension is whatever the server returns; probe once so the index can record it.
  const probe = await embeddings.embedQuery('dimension probe');
  return { embeddings, info: { kind: 'openai', model: config.EMBEDDING_MODEL, dimensions: probe.length } };
}

/** Cross-lingual expansion, loaded lazily (the dictionary is large). */
export async function loadExpander(): Promise<QueryExpander | undefined> {
  try {
    const mod = (await import('../retrieve/crosslingual.js')) as { expandQuery?: (q: string, opts?: { df?: (t: string) => number; docCount?: number }) => ReturnType<QueryExpander> };
    const expandQuery = mod.expandQuery;
    return expandQuery ? (q, ctx) => expandQuery(q, ctx ?? {}) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Load the English→Chinese dictionary and name model now (~2 s), so that the first
 * English question does not wait for them. For long-running processes, before they
 * take traffic.
 */
export async function warmExpander(): Promise<void> {
  const mod = (await import('../retrieve/crosslingual.js')) as { warmUpCrosslingual?: () => void };
  mod.warmUpCrosslingual?.();
}

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
  return openKnowledgeBase(config.INDEX_DIR, { embeddings: choice.embeddings, embedderInfo: choice.info, expand: await loadExpander() });
}
