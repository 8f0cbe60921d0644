/**
 * The one formatter that owns Discord output: every message the bot sends goes
 * through toPayloads(), which neutralises mentions, stops link previews and keeps
 * each message under Discord's 2000-character limit without breaking markdown.
 * Answer text passes the output policy first (see formatAnswer, toPreviewPayload).
 * Pure: no discord.js runtime, so it is golden-tested directly.
 */
import { settledPrefix } from '../answer/output-stream.js';
import { markdownStyle } from '../present/style.js';

export const MAX_MESSAGE_CHARS = 2000;

/** Never ping anyone: belt and braces with the neutralised text. */
export interface NoMentions {
  parse: [];
}
export const noMentions = (): NoMentions => ({ parse: [] });

export interface MessagePayload {
  content: string;
  allowedMentions: NoMentions;
}

const ZWSP = '\u200b';
// Characters a bare URL may contain (RFC 3986 minus `*'()[]`, which collide with markdown).
const URL_CHARS = "[A-Za-z0-9\\-._~:/?#@!$&+,;=%]";
const BARE_URL = `https?://${URL_CHARS}+`;
const TRAILING_PUNCT = /[.,;:!?]+$/;

/** Text a split must never cut through: code, links and paired emphasis. */
const PROTECTED = new RegExp(
  [
    '```[\\s\\S]*?```',
    '`[^`\\n]+`',
    '\\[(?:\\\\.|[^\\]\\\\\\n])*\\]\\(<?[^)\\s>]+>?\\)',
    '<https?://[^>\\s]+>',
    BARE_URL,
    '\\*\\*[^\\n]+?\\*\\*',
    '__[^\\n]+?__',
    '~~[^\\n]+?~~',
    '\\|\\|[^\\n]+?\\|\\|',
    '\\*(?=\\S)[^*\\n]+?\\*',
  ].join('|'),
  'g',
);

/** Make @everyone, @here, <@user> and <@&role> inert (URLs are left alone). */
export function neutralizeMentions(text: string): string {
  const re = new RegExp(`(${BARE_URL})|@(everyone|here)|<@([!&]?)(\\d+)>`, 'g');
  return text.replace(re, (_whole, url: string | undefined, group: string | undefined, kind: string | undefined, id: string | undefined) => {
    if (url) return url;
    if (group) return `@${ZWSP}${group}`;
    return `<@${ZWSP}${kind ?? ''}${id ?? ''}>`;
  });
}

/** Wrap every link target in <…> so Discord shows no preview cards; code is untouched. */
export function wrapLinks(text: string): string {
  const re = new RegExp(
    `(\`\`\`[\\s\\S]*?\`\`\`|\`[^\`\\n]+\`)|\\[((?:\\\\.|[^\\]\\\\\\n])*)\\]\\(<?([^)\\s>]+)>?\\)|(<https?://[^>\\s]+>)|(${BARE_URL})`,
    'g',
  );
  return text.replace(
    re,
    (whole, code: string | undefined, title: string | undefined, target: string | undefined, wrapped: string | undefined, bare: string | undefined) => {
      if (code || wrapped) return whole;
      if (target !== undefined) return `[${title ?? ''}](<${target}>)`;
      const url = (bare ?? '').replace(TRAILING_PUNCT, '');
      return `<${url}>${(bare ?? '').slice(url.length)}`;
    },
  );
}

// A boundary ends after newlines, after CJK/ASCII sentence punctuation (plus closing
// quotes/brackets), and after a full stop only when whitespace follows (not "3.5").
const BOUNDARY = /\n+|[。！？!?]+[」』”’"'）)]*|\.+[」』”’"'）)]*(?=\s|$)/g;

function protectedSpans(text: string): [number, number][] {
  return [...text.matchAll(PROTECTED)].map((m) => [m.index, m.index + m[0].length]);
}

/** Where to end the next message: an index in (0, max]. */
function findCut(text: string, max: number): number {
  const spans = protectedSpans(text);
  const inside = (i: number) => spans.some(([s, e]) => i > s && i < e);
  const window = text.slice(0, max);
  let lastBoundary = -1;
  let lastParagraph = -1;
  for (const m of window.matchAll(BOUNDARY)) {
    const end = m.index + m[0].length;
    if (end > max || inside(end)) continue;
    lastBoundary = end;
    if (m[0].startsWith('\n\n')) lastParagraph = end;
  }
  // Prefer a paragraph break when it still fills at least half a message.
  if (lastParagraph >= max / 2) return lastParagraph;
  if (lastBoundary > 0) return lastBoundary;
  for (let i = max; i > 0; i--) {
    if (/\s/.test(text[i] ?? '') && !inside(i)) return i;
  }
  const straddling = spans.find(([s, e]) => s < max && e > max);
  if (straddling && straddling[0] > 0) return straddling[0];
  // No safe place at all: hard cut, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(max);
  return code >= 0xdc00 && code <= 0xdfff ? max - 1 : max;
}

/** Split into messages of at most `max` characters on sentence or line boundaries. */
export function splitMessage(text: string, max = MAX_MESSAGE_CHARS): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const head = rest.slice(0, cut).trimEnd();
    if (head) chunks.push(head);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** The only way text becomes Discord messages. */
export function toPayloads(text: string, max = MAX_MESSAGE_CHARS): MessagePayload[] {
  const safe = wrapLinks(neutralizeMentions(text));
  const parts = splitMessage(safe, max);
  return (parts.length ? parts : ['…']).map((content) => ({ content, allowedMentions: noMentions() }));
}

/** One message, shortened with an ellipsis if needed (for streaming previews). */
export function toSinglePayload(text: string, max = MAX_MESSAGE_CHARS): MessagePayload {
  const safe = wrapLinks(neutralizeMentions(text)).trim() || '…';
  if (safe.length <= max) return { content: safe, allowedMentions: noMentions() };
  const first = splitMessage(safe, max - 2)[0] ?? '';
  return { content: `${first} …`, allowedMentions: noMentions() };
}

/**
 * A streaming preview of an answer: what the policy can judge so far (see settledPrefix),
 * with no links (no citations are known yet), then a cursor.
 */
export function toPreviewPayload(partial: string, max = MAX_MESSAGE_CHARS): MessagePayload {
  const settled = settledPrefix(partial);
  return toSinglePayload(`${settled.trim() ? markdownStyle.answer(settled, []).trimEnd() : '…'} ▌`, max);
}
