/**
 * One story, several outlets: articles from different outlets, published within a
 * few days of each other, whose texts share most of their character trigrams, report
 * the same event. Pure; the caller supplies texts. Measured on synthetic
 * near-duplicates: scripts/dev/story-bench.ts.
 */
import { daysBetween } from '../text/dates.js';
import { normalizeForMatch } from '../text/normalize.js';

export interface StoryItem {
  id: string;
  source: string;
  publishedAt: string;
}

export interface StoryOptions {
  /** Farthest apart two reports of one event may be published. */
  maxDays: number;
  /** Shared trigrams over the smaller article's trigrams. */
  minOverlap: number;
}

export const DEFAULT_STORY_OPTIONS: StoryOptions = { maxDays: 4, minOverlap: 0.5 };

/** Trigram hashes of a text's letters and characters (punctuation and spaces dropped). */
export function shingles(text: string): Set<number> {
  const chars = [...normalizeForMatch(text).replace(/[^\p{L}\p{N}]/gu, '')];
  const out = new Set<number>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    out.add(((chars[i]!.codePointAt(0)! * 1_000_003) ^ (chars[i + 1]!.codePointAt(0)! * 65_537) ^ chars[i + 2]!.codePointAt(0)!) >>> 0);
  }
  return out;
}

/** |a ∩ b| / min(|a|, |b|): a partial copy overlaps fully with what it copied. */
export function overlap(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared / small.size;
}

/** Whether two articles may be one story before their texts are compared (cheap). */
export function mayShareStory(a: StoryItem, b: StoryItem, opts: StoryOptions = DEFAULT_STORY_OPTIONS): boolean {
  return a.source !== b.source && Math.abs(daysBetween(a.publishedAt, b.publishedAt)) <= opts.maxDays;
}

/**
 * Story id per item (the first member's id), for items with at least one partner;
 * partners join transitively. `shinglesOf` is asked only for pairs that may match.
 */
export function groupStories(items: StoryItem[], shinglesOf: (id: string) => Set<number> | undefined, opts: StoryOptions = DEFAULT_STORY_OPTIONS): Map<string, string> {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  let joined = false;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (!mayShareStory(items[i]!, items[j]!, opts) || find(i) === find(j)) continue;
      const a = shinglesOf(items[i]!.id);
      const b = shinglesOf(items[j]!.id);
      if (a && b && overlap(a, b) >= opts.minOverlap) {
        parent[Math.max(find(i), find(j))] = Math.min(find(i), find(j));
        joined = true;
      }
    }
  }
  const stories = new Map<string, string>();
  if (!joined) return stories;
  const size = new Map<number, number>();
  items.forEach((_, i) => size.set(find(i), (size.get(find(i)) ?? 0) + 1));
  items.forEach((item, i) => {
    const root = find(i);
    if (size.get(root)! > 1) stories.set(item.id, items[root]!.id);
  });
  return stories;
}
