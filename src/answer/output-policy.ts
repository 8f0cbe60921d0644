/**
 * The output policy: what text we did not write may carry when a user sees it.
 * Model answers and article text are untrusted (a news corpus is written by people
 * the community does not control; a model may obey instructions planted in it), so:
 *  - invisible and bidirectional-control characters are stripped;
 *  - sentences repeating the bot's prompts are dropped;
 *  - links are inert text (host only), except a link to a cited source in an answer;
 *  - on markdown surfaces (Discord), markup that hides or fakes content is escaped.
 * Mentions are the formatter's job (neutralizeMentions + allowedMentions).
 * Every surface — Discord, `npm run chat`, `npm run ask` — goes through here.
 */
import type { Answer } from '../types.js';
import { stripInvisible } from '../text/invisible.js';
import { defuseLinks } from '../text/links.js';
import { escapeHidingMarkup, escapeLineMarkup, escapeMarkdown } from '../text/markdown-guard.js';
import { promptEchoRemovedMessage } from './messages.js';
import { dropPromptEcho } from './prompt-echo.js';

/** Discord renders markdown; the terminal shows text as is. */
export type Surface = 'markdown' | 'plain';

/** Answer text (generated or quoted by the extractive answerer); model markdown such as bold survives. */
export function safeAnswerText(text: string, surface: Surface, citedUrls: readonly string[] = []): string {
  const safe = safeAnswerPiece(text, surface, citedUrls);
  // Say why an answer vanished rather than show nothing.
  return safe.trim() === '' && stripInvisible(text).trim() !== '' ? promptEchoRemovedMessage() : safe;
}

/** The same policy for one piece of a longer text ('' when all of it was dropped); see dropPromptEcho for `afterLeak`. */
export function safeAnswerPiece(text: string, surface: Surface, citedUrls: readonly string[] = [], afterLeak = false): string {
  const inert = defuseLinks(dropPromptEcho(stripInvisible(text), afterLeak), new Set(citedUrls));
  return surface === 'markdown' ? escapeHidingMarkup(inert) : inert;
}

/** Article or user text shown verbatim (titles, leads, passages, echoed queries): no links, no markup at all. */
export function safeQuotedText(text: string, surface: Surface): string {
  const inert = defuseLinks(stripInvisible(text));
  return surface === 'markdown' ? escapeLineMarkup(escapeMarkdown(inert)) : inert;
}

/** URLs an answer's text may link to: its cited sources and the related articles a not-found answer lists (both from the index). */
export function linkableUrls(answer: Pick<Answer, 'citations' | 'related'>): string[] {
  return [...answer.citations.map((c) => c.url), ...(answer.related ?? []).map((a) => a.url)];
}
