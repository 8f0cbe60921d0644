/** The cross-lingual expander, loaded lazily: its dictionary is large. */
import type { QueryExpander } from '../retrieve/hybrid.js';

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
