/**
 * Search that understands news questions (news-query.ts): the topic is searched
 * under the named outlet and period; "latest" orders the relevant articles by date,
 * "recently" lifts newer ones a little, a timeline orders them oldest first. A
 * question that names none of these is searched exactly as given. Hits reporting
 * the same story are marked as one (stories.ts).
 */
import { daysBetween } from '../text/dates.js';
import type { ArticleMeta, NewsQuery, SearchHit, SearchOptions } from '../types.js';
import { parseNewsQuery } from './news-query.js';
import { groupStories, shingles } from './stories.js';

export interface NewsSearchContext {
  /** The plain search (hybrid retrieval). */
  search(question: string, opts: SearchOptions): Promise<SearchHit[]>;
  /** The reference day when the options name none. */
  referenceDate(): string;
  /** The relevance bar "latest" ranks by date above. */
  minRelevance: number;
  /** Story trigrams of an article (memoised by the caller), or undefined when unknown. */
  shinglesOf(id: string): Set<number> | undefined;
}

/** Articles looked at for "latest", "recently" and timelines: dates reorder a deeper pool. */
const DATED_POOL = 20;
/** How much a fresh article gains under "recently" (a hit's fused score is ~1 at the top, 61/70 at rank 10). */
const RECENCY_WEIGHT = 0.03;
const RECENCY_DAYS = 180;
/** Share of the best relevance an article needs for its date to count. */
const NEAR_BEST = 0.75;

export function understand(question: string, now: string): NewsQuery {
  return parseNewsQuery(question, now);
}

export async function newsSearch(ctx: NewsSearchContext, question: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  const now = opts.now ?? ctx.referenceDate();
  const parsed = parseNewsQuery(question, now);
  if (opts.latest) Object.assign(parsed, { latest: true, matched: true });
  const k = opts.k ?? 5;
  if (!parsed.matched) return markStories(await ctx.search(question, opts), ctx);
  const explicit = Object.fromEntries(Object.entries({ source: opts.source, from: opts.from, to: opts.to }).filter(([, v]) => v));
  const dated = parsed.latest || parsed.recent || parsed.timeline;
  const hits = await ctx.search(parsed.topic, { ...opts, ...parsed.constraints, ...explicit, k: dated ? Math.max(k, DATED_POOL) : k });
  return markStories(order(hits, parsed, now, ctx.minRelevance).slice(0, k), ctx);
}

/** Dates reorder only the relevant hits; the rest keep their order below them. */
function order(hits: SearchHit[], q: NewsQuery, now: string, bar: number): SearchHit[] {
  if (!(q.latest || q.recent || q.timeline)) return hits;
  // Barely over the bar is often a stray word match ("一篇"); dates order only the articles about the topic.
  const cut = Math.max(bar, NEAR_BEST * Math.max(0, ...hits.map((h) => h.relevance)));
  const relevant = hits.filter((h) => h.relevance >= cut);
  const rest = hits.filter((h) => h.relevance < cut);
  const date = (h: SearchHit) => h.article.publishedAt;
  // One date for all (an undated reference corpus): dates cannot order anything.
  if (relevant.every((h) => date(h).slice(0, 10) === date(relevant[0]!).slice(0, 10))) return hits;
  if (q.latest) relevant.sort((a, b) => date(b).localeCompare(date(a)));
  else if (q.timeline) relevant.sort((a, b) => date(a).localeCompare(date(b)));
  else {
    // A lift, not a filter: every hit keeps its score plus a little for freshness.
    const fresh = (h: SearchHit) => h.score + RECENCY_WEIGHT * Math.exp(-Math.max(0, daysBetween(date(h), now)) / RECENCY_DAYS);
    return [...hits].sort((a, b) => fresh(b) - fresh(a));
  }
  return [...relevant, ...rest];
}

/** Hits of one story get its id and each other's articles; the order is untouched. */
function markStories(hits: SearchHit[], ctx: NewsSearchContext): SearchHit[] {
  const stories = groupStories(hits.map((h) => h.article), (id) => ctx.shinglesOf(id));
  if (stories.size === 0) return hits;
  return hits.map((h) => {
    const story = stories.get(h.article.id);
    if (!story) return h;
    const related: ArticleMeta[] = hits.filter((o) => o !== h && stories.get(o.article.id) === story).map((o) => o.article);
    return { ...h, story, related };
  });
}

/** Story trigrams per article id, bounded (each set holds a whole article's trigrams). */
export function shingleMemo(textOf: (id: string) => string | undefined, max = 2000): (id: string) => Set<number> | undefined {
  const memo = new Map<string, Set<number>>();
  return (id) => {
    let s = memo.get(id);
    if (!s) {
      const text = textOf(id);
      if (text === undefined) return undefined;
      if (memo.size >= max) memo.clear();
      memo.set(id, (s = shingles(text)));
    }
    return s;
  };
}
