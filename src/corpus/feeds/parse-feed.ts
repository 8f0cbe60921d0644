/**
 * Feed XML (RSS 2.0, Atom, RDF) → items with the richest body each has.
 * Pure: no I/O, no clock. The XML is checked for well-formedness first, since the
 * feed parser is lenient and would return half of a truncated or broken feed.
 */
import * as cheerio from 'cheerio';
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { tidy } from '../clean.js';
import { FeedError } from './http.js';

export interface FeedItem {
  /** Absolute http(s) URL: the item's identity. */
  url: string;
  title: string;
  /** Publication (else update) time; undefined when the item carries none. */
  publishedMs?: number;
  html: string;
}

export interface ParsedFeed {
  items: FeedItem[];
  /** Items left out, one short reason each (no link, no content). */
  problems: string[];
}

/** The item fields read here, across the three formats as the parser returns them. */
interface RawItem {
  title?: string | { value?: string };
  link?: string;
  links?: { href?: string; rel?: string }[];
  guid?: { value?: string; isPermaLink?: boolean };
  rdf?: { about?: string };
  pubDate?: string;
  published?: string;
  updated?: string;
  dc?: { dates?: string[]; date?: string };
  description?: string;
  summary?: { value?: string; type?: string };
  content?: { encoded?: string; value?: string; type?: string };
}

// Plausible publication dates, as the corpus parser accepts them.
const MIN_TIME = Date.UTC(1990, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);
const FALLBACK_TITLE_CHARS = 60;

export function parseFeedXml(xml: string, feedUrl: string): ParsedFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedError(`malformed XML: line ${valid.err.line}: ${valid.err.msg}`);
  let raw: RawItem[];
  try {
    const { format, feed } = parseFeed(xml);
    if (format === 'json') throw new Error('JSON Feed is not supported');
    raw = ((format === 'atom' ? (feed as { entries?: unknown[] }).entries : (feed as { items?: unknown[] }).items) ?? []) as RawItem[];
  } catch (err) {
    throw new FeedError(`not an RSS, Atom or RDF feed: ${(err as Error).message}`);
  }
  const items: FeedItem[] = [];
  const problems: string[] = [];
  raw.forEach((r, i) => {
    const item = toItem(r, feedUrl);
    if (typeof item === 'string') problems.push(`item ${i + 1}${labelOf(r)}: ${item}`);
    else items.push(item);
  });
  return { items, problems };
}

/** A FeedItem, or why the item cannot become an article. */
function toItem(r: RawItem, feedUrl: string): FeedItem | string {
  const url = linkOf(r, feedUrl);
  if (!url) return 'no link';
  const html = (r.content?.encoded ?? contentValue(r.content) ?? contentValue(r.summary) ?? r.description ?? '').trim();
  if (!html) return 'no content';
  const title = plain(textOf(r.title)) || plain(html).slice(0, FALLBACK_TITLE_CHARS);
  if (!title) return 'no title';
  return { url, title, publishedMs: dateOf(r), html };
}

/** Atom's alternate link, RSS's link (or a permalink guid), RDF's link (or rdf:about); resolved against the feed. */
function linkOf(r: RawItem, feedUrl: string): string | undefined {
  const atom = r.links?.find((l) => !l.rel || l.rel === 'alternate')?.href;
  const guid = r.guid?.isPermaLink !== false ? r.guid?.value : undefined;
  for (const candidate of [r.link, atom, guid, r.rdf?.about]) {
    const value = candidate?.trim();
    if (!value) continue;
    try {
      const url = new URL(value, feedUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // not a URL; try the next candidate
    }
  }
  return undefined;
}

function dateOf(r: RawItem): number | undefined {
  for (const value of [r.pubDate, r.published, r.dc?.dates?.[0], r.dc?.date, r.updated]) {
    const ms = value ? Date.parse(value) : NaN;
    if (ms >= MIN_TIME && ms < MAX_TIME) return ms;
  }
  return undefined;
}

/** Atom text constructs: type="text" is plain text, so it is escaped to stay text in the HTML body. */
function contentValue(c: { value?: string; type?: string } | undefined): string | undefined {
  if (!c?.value?.trim()) return undefined;
  return !c.type || c.type === 'text' ? `<p>${escapeHtml(c.value)}</p>` : c.value;
}

function textOf(t: RawItem['title']): string {
  return typeof t === 'string' ? t : t?.value ?? '';
}

/** Text of an HTML fragment: block tags become spaces, inline ones join their text, entities decoded. */
function plain(html: string): string {
  if (!/[<&]/.test(html)) return tidy(html);
  return tidy(cheerio.load(html.replace(/<\/?(p|div|br|li|h\d)\b[^>]*>/gi, ' '), null, false).text());
}

function labelOf(r: RawItem): string {
  const title = plain(textOf(r.title));
  return title ? ` ("${title.slice(0, 40)}")` : '';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
