/**
 * The numbered sources block of the answer prompt: pick passages under a token
 * budget, then render each article as a delimited, labelled <source> element.
 * Source text is data: anything that looks like a source tag inside it is defused.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import type { ArticleMeta, Lang, Passage, SearchHit } from '../types.js';
import { toScriptOf } from '../text/normalize.js';
import { neutraliseDelimiters } from './delimiters.js';

export interface Source {
  /** 1-based number shown to the model. */
  n: number;
  article: ArticleMeta;
  /** Kept passages, best first. */
  passages: Passage[];
}

let encoder: Tiktoken | undefined;

/** Tokens as the chat model counts them (cl100k_base: CJK is often 1-2 tokens per character). */
export function countTokens(text: string): number {
  // Ranks ship inside js-tiktoken, so this works offline; built lazily (~0.3 s).
  encoder ??= new Tiktoken(cl100kBase);
  return encoder.encode(text).length;
}

export type TokenCounter = (text: string) => number;

/** Per-source cost of the tag line and closing tag (attributes included). */
function headerCost(article: ArticleMeta, count: TokenCounter): number {
  return count(openTag(0, article)) + 4;
}

/**
 * Keep passages in priority order — every article's best passage first (in hit
 * order), then every article's second passage, and so on — while they fit the
 * budget; everything after the first that does not fit is dropped, so the
 * lowest-ranked passages go first. The very first passage is truncated rather
 * than dropped so a relevant hit always yields a source.
 */
export function selectSources(hits: SearchHit[], budget: number, count: TokenCounter = countTokens): { sources: Source[]; tokens: number } {
  const order: Array<{ hit: number; passage: Passage }> = [];
  const depth = Math.max(0, ...hits.map((h) => h.passages.length));
  for (let p = 0; p < depth; p++) {
    hits.forEach((h, i) => {
      const passage = h.passages[p];
      if (passage) order.push({ hit: i, passage });
    });
  }

  const kept = new Map<number, Passage[]>();
  let used = 0;
  for (const { hit, passage } of order) {
    const article = hits[hit]!.article;
    const extra = (kept.has(hit) ? 0 : headerCost(article, count)) + count(passage.text) + 2;
    if (used + extra <= budget) {
      kept.set(hit, [...(kept.get(hit) ?? []), passage]);
      used += extra;
      continue;
    }
    if (used === 0) {
      const room = budget - headerCost(article, count) - 2;
      const text = truncateToTokens(passage.text, Math.max(room, 1), count);
      kept.set(hit, [{ ...passage, text }]);
      used = headerCost(article, count) + count(text) + 2;
    }
    break;
  }

  const sources: Source[] = [];
  hits.forEach((h, i) => {
    const passages = kept.get(i);
    if (passages) sources.push({ n: sources.length + 1, article: h.article, passages });
  });
  return { sources, tokens: used };
}

function truncateToTokens(text: string, maxTokens: number, count: TokenCounter): string {
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(chars.slice(0, mid).join('')) + 1 <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\s+/g, ' ');
}

function openTag(n: number, a: ArticleMeta, lang?: Lang): string {
  const title = lang ? toScriptOf(lang, a.title) : a.title;
  return `<source id="${n}" outlet="${attr(a.source)}" title="${attr(title)}" url="${attr(a.url)}" date="${attr(a.publishedAt.slice(0, 10))}">`;
}

/**
 * Render sources for the prompt. Chinese text is shown in the asker's script so the
 * model quotes it in that script; English askers get the original text.
 */
export function formatSources(sources: Source[], lang: Lang): string {
  return sources
    .map((s) => {
      const body = s.passages.map((p) => neutraliseDelimiters(toScriptOf(lang, p.text).trim())).join('\n…\n');
      return `${openTag(s.n, s.article, lang)}\n${body}\n</source>`;
    })
    .join('\n\n');
}
