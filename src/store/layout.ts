/**
 * What callers outside the store read of an index's layout: the served version's
 * name (INDEX_DIR/CURRENT names a manifest, local/manifest.ts) and the format number.
 */
import type { ArticleMeta } from '../types.js';
import type { StoredArticle } from './index-store.js';

export { INDEX_FORMAT, type IndexMeta, type StoredArticle } from './index-store.js';
export { readCurrent as readCurrentVersion } from './local/manifest.js';

export function toMeta(a: StoredArticle): ArticleMeta {
  return { id: a.id, url: a.url, title: a.title, source: a.source, publishedAt: a.publishedAt, script: a.script };
}
