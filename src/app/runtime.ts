/**
 * The index and answerer behind `npm start` and `npm run chat`: open or build the
 * index, pick the answerer, and keep serving the newest version (hot reload, see
 * hot-reload.ts). Consumers only ever call kb(), so a reload swaps it under them.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createAnswerer } from './answerer.js';
import { openOrBuild } from './open-index.js';
import { warmExpander } from './expander.js';
import { watchCurrent } from './hot-reload.js';
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
  const stop = watchCurrent(config, log, first.version, (next) => {
    current = next;
  });
  log.info({ index: config.INDEX_DIR, articles: current.stats().articles, answerer: answerer.mode }, 'index loaded');
  const warming = performance.now();
  await warmExpander();
  log.info({ ms: Math.round(performance.now() - warming) }, 'cross-lingual dictionary loaded');
  return { kb, answerer, close: async () => stop() };
}
