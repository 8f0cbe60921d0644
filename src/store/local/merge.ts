/**
 * Merging segments (a tiered policy, as Lucene's): segments fall into size tiers
 * (powers of MERGE_FACTOR live chunks); MERGE_FACTOR segments in one tier merge into
 * one of the next, and a segment with more deleted than live chunks is rewritten.
 * So the segment count stays logarithmic in the index size, and deleted chunks do not
 * pile up. A merge copies the live chunks: stored vectors read back from the graphs
 * (getPoint), texts and articles from their files, postings remapped (no re-tokenising).
 */
import { join } from 'node:path';
import { LexicalIndex } from '../lexical.js';
import { openSegment, closeSegment, SegmentWriter } from './segment.js';
import type { ArticleRow, SegmentEntry } from './manifest.js';
import type { StoredArticle } from '../index-store.js';

export const MERGE_FACTOR = 8;

function tier(live: number): number {
  return Math.floor(Math.log(Math.max(live, 1)) / Math.log(MERGE_FACTOR));
}

/** The indices of the segments to merge next (one group), or undefined when none need it. */
export function pickMerge(segments: readonly SegmentEntry[]): number[] | undefined {
  const byTier = new Map<number, number[]>();
  segments.forEach((s, i) => {
    const t = tier(s.live);
    byTier.set(t, [...(byTier.get(t) ?? []), i]);
  });
  for (const group of [...byTier.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g)) {
    if (group.length >= MERGE_FACTOR) return group.slice(0, MERGE_FACTOR);
  }
  const sparse = segments.findIndex((s) => s.live > 0 && s.live * 2 < s.count);
  return sparse >= 0 ? [sparse] : undefined;
}

/**
 * Write one segment holding the live chunks of `group` (in order), labelled from
 * `base`; `rows` (the live articles) are updated to their new labels, segment `target`.
 */
export async function mergeSegments(
  indexDir: string, segments: readonly SegmentEntry[], group: number[], rows: Record<string, ArticleRow>, dimensions: number, base: number, target: number, flatLimit?: number,
): Promise<SegmentEntry> {
  const live = group.reduce((n, i) => n + segments[i]!.live, 0);
  const out = await SegmentWriter.create(indexDir, dimensions, base, live, { flatLimit });
  try {
    for (const i of group) {
      const owned = Object.entries(rows).filter(([, row]) => row[4] === i).sort((a, b) => a[1][5] - b[1][5]);
      const source = await openSegment(indexDir, segments[i]!);
      try {
        const relabel = new Int32Array(source.entry.count).fill(-1);
        const articles: StoredArticle[] = [];
        for (const [id, row] of owned) {
          const labels = Array.from({ length: row[6] }, (_, k) => row[5] + k);
          const docs = labels.map((l) => source.texts.get(l)!);
          const added = out.addChunks(docs.map((d) => ({ articleId: id, ordinal: d.metadata.ordinal, text: d.pageContent })), labels.map((l) => source.vectors.point(l)));
          labels.forEach((l, k) => (relabel[l - source.entry.base] = added[k]! - base));
          articles.push(source.articles.get(id)!);
          row[4] = target;
          row[5] = added[0] ?? out.base + out.count;
        }
        out.lexical.addFrom((await LexicalIndex.load(join(indexDir, source.entry.name))).parts(), relabel);
        out.addArticles(articles);
      } finally {
        closeSegment(source);
      }
    }
    return await out.finish(live);
  } catch (err) {
    await out.abort();
    throw err;
  }
}
