/**
 * An answer as text for any chat surface (Discord, the terminal chat): the answer
 * under the output policy, then its sources as a numbered list; the Style decides
 * markdown or plain text.
 */
import { linkableUrls } from '../answer/output-policy.js';
import type { Answer, Citation, Lang } from '../types.js';
import { markdownStyle, type Style } from './style.js';

const SOURCES_HEADING: Record<Lang, string> = { 'zh-Hans': '来源', 'zh-Hant': '來源', en: 'Sources' };

/** `2023-08-15` from an ISO timestamp. */
export const day = (iso: string): string => iso.slice(0, 10);

/** Sources as a numbered list of titled links with outlet and date. */
export function formatSourceList(citations: Citation[], lang: Lang, style: Style = markdownStyle): string {
  if (citations.length === 0) return '';
  // A story several outlets reported is one source; its other reports follow it.
  const also = (c: Citation) => (c.related?.length ? ` (+ ${c.related.map((a) => `${style.link(a.source, a.url)} · ${day(a.publishedAt)}`).join('; ')})` : '');
  const lines = citations.map((c) => `${c.n}. ${style.link(c.title, c.url)} — ${c.source} · ${day(c.publishedAt)}${also(c)}`);
  return `${style.bold(SOURCES_HEADING[lang])}\n${lines.join('\n')}`;
}

/** The answer part of a message formatAnswer produced (for history rebuilt from Discord). */
export function stripSources(content: string): string {
  const headings = Object.values(SOURCES_HEADING).map((h) => `\n\n**${h}**\n`);
  const cut = Math.max(...headings.map((h) => content.lastIndexOf(h)));
  return (cut >= 0 ? content.slice(0, cut) : content).trim();
}

/** The sources of a message formatAnswer produced (markdown), as citations: what a reply chain rebuilt from Discord knows. */
export function parseSourceList(content: string): Citation[] {
  const line = /^(\d+)\. \[(.+?)\]\(<(\S+?)>\) — (.+?) · (\d{4}-\d\d-\d\d)/gmu;
  return [...content.matchAll(line)].map((m) => ({ n: Number(m[1]), title: m[2]!, url: m[3]!, source: m[4]!, publishedAt: m[5]! }));
}

/** An answer followed by its sources; the answer text under the output policy (only cited sources may be links). */
export function formatAnswer(answer: Answer, style: Style = markdownStyle): string {
  const text = style.answer(answer.answer, linkableUrls(answer)).trim();
  const sources = formatSourceList(answer.citations, answer.language, style);
  return sources ? `${text}\n\n${sources}` : text;
}
