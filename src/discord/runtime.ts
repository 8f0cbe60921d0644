/**
 * WIRING — the index and answerer behind `npm start` and `npm run chat`.
 * Uses the pipeline's own entry points (openOrBuild, createAnswerer). Hot reload
 * is an interim poll of INDEX_DIR/CURRENT; swap `watchCurrent` for the
 * pipeline's index watcher when it exists — nothing else needs to change,
 * because consumers only ever call kb().
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createAnswerer } from '../cli/answerer.js';
import { chooseEmbedder, loadExpander, openOrBuild, warmExpander, type EmbedderChoice } from '../cli/runtime.js';
import { readCurrentVersion } from '../store/layout.js';
import { openKnowledgeBase } from '../retrieve/knowledge-base.js';
import type { Answerer, KnowledgeBase } from '../types.js';

export interface Runtime {
  /** The index being served right now (replaced on hot reload). */
  kb: () => KnowledgeBase;
  answerer: Answerer;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const first = await openOrBuild(config, (line) => log.info(line));
  let current: KnowledgeBase = first;
  const kb = () => current;
  const answerer = await createAnswerer(config, kb, undefined, log);
  const stop = watchCurrent(config, log, first.dir, (next) => {
    current = next;
  });
  log.info({ index: config.INDEX_DIR, articles: current.stats().articles, answerer: answerer.mode }, 'index loaded');
  const warming = performance.now();
  await warmExpander();
  log.info({ ms: Math.round(performance.now() - warming) }, 'cross-lingual dictionary loaded');
  return { kb, answerer, close: async () => stop() };
}

/** Poll CURRENT every INDEX_POLL_MS; open a new version when it changes. Returns stop(). */
function watchCurrent(config: Config, log: Logger, servedDir: string, swap: (kb: KnowledgeBase) => void): () => void {
  let served = servedDir;
  let choice: Promise<EmbedderChoice> | undefined;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const version = await readCurrentVersion(config.INDEX_DIR);
      if (!version || version === served) return;
      // The query embedder never changes while running; make it once, on the first reload.
      choice ??= chooseEmbedder(config);
      const { embeddings, info } = await choice;
      const next = await openKnowledgeBase(config.INDEX_DIR, { embeddings, embedderInfo: info, expand: await loadExpander() }, version);
      served = version;
      swap(next);
      log.info({ version, articles: next.stats().articles }, 'index reloaded');
    })()
      // A half-written or mismatched index keeps the old one serving; try again next tick.
      .catch((err: unknown) => log.error({ err }, 'index reload failed; still serving the previous version'))
      .finally(() => {
        busy = false;
      });
  }, config.INDEX_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
