/**
 * The outlets a question may name, in their common forms. `filter` is what the
 * search's source option matches (an article's outlet name, as corpus/parse.ts
 * sets it from the host); the display names speak the asker's language.
 */
import type { Lang } from '../types.js';

export interface Outlet {
  /** The corpus's outlet name, used as the search's source filter. */
  filter: string;
  names: Record<Lang, string>;
  /** Forms matched in a question's matching form (NFKC, Simplified, lower-case). */
  pattern: RegExp;
}

// Latin acronyms only as whole words: "dw" inside "dwell" is not Deutsche Welle.
export const OUTLETS: readonly Outlet[] = [
  {
    filter: '自由亚洲电台',
    names: { 'zh-Hans': '自由亚洲电台', 'zh-Hant': '自由亞洲電台', en: 'RFA' },
    pattern: /自由亚洲电台(?:中文网)?|自由亚洲|(?<![a-z])(?:rfa|radio free asia)(?![a-z])/gu,
  },
  {
    filter: '美国之音',
    names: { 'zh-Hans': '美国之音', 'zh-Hant': '美國之音', en: 'VOA' },
    pattern: /美国之音(?:中文网)?|(?<![a-z])(?:voa|voice of america)(?![a-z])/gu,
  },
  {
    filter: '德国之声',
    names: { 'zh-Hans': '德国之声', 'zh-Hant': '德國之聲', en: 'DW' },
    pattern: /德国之声(?:中文网)?|(?<![a-z])(?:dw|deutsche welle)(?![a-z])/gu,
  },
];

export interface OutletMatch {
  outlet: Outlet;
  start: number;
  end: number;
}

/** Every outlet mention in a matching-form text, in order. */
export function findOutlets(matchText: string): OutletMatch[] {
  const found: OutletMatch[] = [];
  for (const outlet of OUTLETS) {
    for (const m of matchText.matchAll(outlet.pattern)) found.push({ outlet, start: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The outlet a source filter or article source names (for display), if it is one of ours. */
export function outletOf(source: string): Outlet | undefined {
  const s = source.toLowerCase();
  return OUTLETS.find((o) => o.filter === source || o.names.en.toLowerCase() === s || o.names['zh-Hant'] === source);
}
