/**
 * Hot reload: poll INDEX_DIR/CURRENT and open a new version when an index run
 * publishes one. A version that fails to open leaves the previous one serving.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { openKnowledgeBase } from '../retrieve/knowledge-base.js';
import { LocalIndexStore } from '../store/local/store.js';
import type { KnowledgeBase } from '../types.js';
import { chooseEmbedder, type EmbedderChoice } from './embedder.js';
import { postgresStore } from './store.js';
import { loadExpander } from './expander.js';

/** Poll CURRENT every INDEX_POLL_MS; open a new version when it changes. Returns stop(). */
export function watchCurrent(config: Config, log: Logger, servedDir: string, swap: (kb: KnowledgeBase) => void): () => void {
  let served = servedDir;
  let choice: Promise<EmbedderChoice> | undefined;
  let busy = false;
  // With a database every process polls its version row; locally, CURRENT.
  const pg = postgresStore(config);
  const source = pg ?? new LocalIndexStore(config.INDEX_DIR);
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const version = await source.currentVersion();
      if (!version || version === served) return;
      // The query embedder never changes while running; make it once, on the first reload.
      choice ??= chooseEmbedder(config);
      const { embeddings, info } = await choice;
      const next = await openKnowledgeBase(config.INDEX_DIR, { store: pg, embeddings, embedderInfo: info, expand: await loadExpander(), referenceDate: config.REFERENCE_DATE, minRelevance: config.MIN_RELEVANCE }, version);
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
  return () => {
    clearInterval(timer);
    void pg?.close();
  };
}
