/**
 * Command logic shared by the Discord bot and the terminal chat: validate input,
 * ask the knowledge base, render with views. Only kb lookups — never the file system.
 */
import type { Answer, KnowledgeBase } from '../types.js';
import { BotUserError, botMessages } from './messages.js';
import type { Style } from './style.js';
import { articleView, clip, latestView, searchView, sourcesView, statsView, type CorpusRefresh } from './views.js';
import { findOutlets } from '../retrieve/outlets.js';
import { normalizeForMatch } from '../text/normalize.js';

export const MAX_SEARCH_LIMIT = 10;

export interface SearchArgs {
  query: string;
  source?: string;
  from?: string;
  to?: string;
  limit?: number;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(name: string, value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (!ISO_DAY.test(v) || Number.isNaN(Date.parse(v))) throw new BotUserError(botMessages.badDate(name, clip(v, 40)));
  return v;
}

export async function runSearch(kb: KnowledgeBase, args: SearchArgs, style: Style, defaultLimit = 5): Promise<string> {
  const query = args.query.trim();
  if (!query) throw new BotUserError(botMessages.emptyQuestion());
  const from = checkDate('from', args.from);
  const to = checkDate('to', args.to);
  const k = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(args.limit ?? defaultLimit)));
  const source = args.source?.trim() || undefined;
  const hits = await kb.search(query, { k, source, from, to });
  return searchView(query, hits.slice(0, k), style);
}

export interface LatestArgs {
  topic?: string;
  source?: string;
  limit?: number;
}

/** An outlet as typed ("DW", "德國之聲") → the corpus's outlet name; anything else as typed. */
function outletFilter(source: string | undefined): string | undefined {
  const typed = source?.trim();
  if (!typed) return undefined;
  return findOutlets(normalizeForMatch(typed))[0]?.outlet.filter ?? typed;
}

/** The newest relevant articles on a topic (or simply the newest), with dates. */
export async function runLatest(kb: KnowledgeBase, args: LatestArgs, style: Style, defaultLimit = 5): Promise<string> {
  const k = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(args.limit ?? defaultLimit)));
  const source = outletFilter(args.source);
  const topic = args.topic?.trim() || undefined;
  if (!topic) return latestView(undefined, (kb.newest?.(k, source) ?? []).map((article) => ({ article })), style);
  const hits = await kb.search(topic, { k, source, latest: true });
  return latestView(topic, hits.slice(0, k), style);
}

/** An article by id or URL; anything else (paths included) is simply "not found". */
export async function runArticle(kb: KnowledgeBase, ref: string, style: Style): Promise<string> {
  const key = ref.trim();
  if (!key) throw new BotUserError(botMessages.articleNotFound(''));
  // A typed title (autocomplete not picked) works when it names exactly one article.
  await kb.loadArticle?.(key);
  const titled = kb.getArticle(key) ? [] : kb.findTitles(key, 2);
  if (titled.length === 1 && titled[0]) await kb.loadArticle?.(titled[0].id);
  const article = kb.getArticle(key) ?? (titled.length === 1 && titled[0] ? kb.getArticle(titled[0].id) : undefined);
  if (!article) throw new BotUserError(botMessages.articleNotFound(clip(key, 80)));
  const related = await kb.related(article.id, 3);
  return articleView(article, related, style);
}

export function runStats(kb: KnowledgeBase, now: number, style: Style, refresh?: CorpusRefresh): string {
  return statsView(kb.stats(), now, style, refresh);
}

export function runSources(last: Answer | undefined, style: Style): string {
  if (!last) throw new BotUserError(botMessages.noAnswerYet());
  return sourcesView(last, style);
}
