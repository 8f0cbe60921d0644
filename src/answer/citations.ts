/**
 * Citation markers in model output. Pure: no I/O.
 *
 * Accepts `[1]`, `[1][2]`, `[1, 2]`, `[1、2]`, full-width `［1］`, `【1】` and `[source 1]`.
 * Numbers that point at no source are dropped (with the space before them); cited
 * sources are renumbered from 1 in first-cited order and every marker is rewritten
 * as `[n]`. Works incrementally (CitationRewriter) so streamed text is rewritten
 * exactly as the whole text would be.
 */
import type { Citation } from '../types.js';

/** What a citation needs to know about a numbered source (source i+1 is sources[i]). */
export interface CitableSource {
  url: string;
  title: string;
  source: string;
  publishedAt: string;
}

const WS = '[ \\t\\u3000]';
const OPEN = '[\\[［【]';
const CLOSE = '[\\]］】]';
const NUM = '[0-9０-９]{1,2}';
const SEP = `${WS}*[,，、;；]${WS}*`;
const LABEL = `(?:sources?|src|ref|来源|來源)${WS}*`;
/** One complete marker group, with the horizontal space before it. */
const GROUP = new RegExp(`(${WS}*)${OPEN}${WS}*(?:${LABEL})?(${NUM}(?:${SEP}${NUM})*)${WS}*${CLOSE}`, 'giu');
/** A trailing piece that may still grow into a marker: hold it back. */
const PARTIAL_TAIL = new RegExp(`${WS}*${OPEN}[^\\[［【\\]］】]{0,24}$`, 'u');
const PARTIAL_OK = new RegExp(`^${WS}*${OPEN}${WS}*(?:[a-z]{0,7}|来源?|來源?)${WS}*[0-9０-９,，、;；${WS.slice(1, -1)}]*$`, 'iu');
const TRAILING_WS = new RegExp(`${WS}+$`, 'u');

function toInt(digits: string): number {
  return Number(digits.normalize('NFKC'));
}

export class CitationRewriter {
  private buffer = '';
  /** Original source numbers (1-based) in first-cited order. */
  readonly cited: number[] = [];

  constructor(private readonly sourceCount: number) {}

  /** Feed a delta; returns the text that is final now (may be ''). */
  push(delta: string): string {
    this.buffer += delta;
    return this.drain(false);
  }

  /** End of text: returns whatever was held back. */
  flush(): string {
    return this.drain(true);
  }

  private drain(final: boolean): string {
    const buf = this.buffer;
    let out = '';
    let last = 0;
    for (const m of buf.matchAll(GROUP)) {
      out += buf.slice(last, m.index) + this.rewrite(m[1] ?? '', m[2] ?? '');
      last = m.index + m[0].length;
    }
    let rest = buf.slice(last);
    this.buffer = '';
    if (!final) {
      const tail = PARTIAL_TAIL.exec(rest);
      const hold = tail && PARTIAL_OK.test(tail[0]) ? tail : TRAILING_WS.exec(rest);
      if (hold) {
        this.buffer = rest.slice(hold.index);
        rest = rest.slice(0, hold.index);
      }
    }
    return out + rest;
  }

  private rewrite(space: string, list: string): string {
    const numbers: number[] = [];
    for (const raw of list.split(/[^0-9０-９]+/u)) {
      if (!raw) continue;
      const orig = toInt(raw);
      if (orig < 1 || orig > this.sourceCount) continue;
      let idx = this.cited.indexOf(orig);
      if (idx < 0) idx = this.cited.push(orig) - 1;
      if (!numbers.includes(idx + 1)) numbers.push(idx + 1);
    }
    return numbers.length ? space + numbers.map((n) => `[${n}]`).join('') : '';
  }
}

/** Build the citation list for the sources a rewriter saw cited, in new numbering. */
export function citationsFor(cited: readonly number[], sources: readonly CitableSource[]): Citation[] {
  return cited.flatMap((orig, i) => {
    const s = sources[orig - 1];
    return s ? [{ n: i + 1, url: s.url, title: s.title, source: s.source, publishedAt: s.publishedAt }] : [];
  });
}

/** Whole-text version: rewritten text plus only the cited sources, renumbered. */
export function resolveCitations(text: string, sources: readonly CitableSource[]): { text: string; citations: Citation[] } {
  const rw = new CitationRewriter(sources.length);
  const out = rw.push(text) + rw.flush();
  return { text: out, citations: citationsFor(rw.cited, sources) };
}

/** Remove all citation markers (for showing earlier answers to the condense prompt). */
export function stripCitationMarkers(text: string): string {
  return text.replace(GROUP, '');
}
