/**
 * The output policy for text that arrives in pieces (the terminal chat prints a
 * generative answer as it streams). Text is released a sentence at a time, so a
 * link or a repeated prompt sentence is judged whole, never half-shown. Citations
 * are unknown while streaming, so no link survives here; the source list follows.
 */
import { promptEchoRemovedMessage } from './messages.js';
import { safeAnswerPiece, type Surface } from './output-policy.js';
import { repeatsPrompt, WINDOW } from './prompt-echo.js';

// After 。！？；, a newline, or ASCII .!?; followed by whitespace (URLs contain no whitespace).
const SENTENCE_END = /[。！？；\n]|[.!?;](?=\s)/g;

// Previews may also stop after a Chinese clause (the prompts are English, so no echo ends there).
const CLAUSE_END = /[。！？；，、：\n]|[.!?;](?=\s)/g;

/**
 * What of a growing text may be previewed now: complete sentences and Chinese clauses,
 * plus the one being written once it is long enough for the prompt-echo check to judge.
 */
export function settledPrefix(partial: string): string {
  let end = 0;
  for (const m of partial.matchAll(CLAUSE_END)) end = m.index + m[0].length;
  return partial.length - end >= WINDOW ? partial : partial.slice(0, end);
}

export class SafeTextStream {
  private pending = '';
  private shown = false;
  /** A prompt echo was seen: later pieces drop even short prompt fragments. */
  private leaked = false;

  constructor(private readonly surface: Surface = 'plain') {}

  /** Feed a delta; returns the text that may be shown now (may be ''). */
  push(delta: string): string {
    this.pending += delta;
    let cut = 0;
    for (const m of this.pending.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
    return cut > 0 ? this.release(cut) : '';
  }

  /** End of text: whatever is held back. */
  flush(): string {
    const rest = this.release(this.pending.length);
    return !this.shown && this.leaked ? promptEchoRemovedMessage() : rest;
  }

  private release(cut: number): string {
    const piece = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    if (!piece.trim()) return piece;
    // Keep the piece's own surrounding whitespace: the policy trims when it drops a sentence.
    const lead = /^\s*/.exec(piece)?.[0] ?? '';
    const trail = /\s*$/.exec(piece)?.[0] ?? '';
    const safe = safeAnswerPiece(piece.trim(), this.surface, [], this.leaked);
    this.leaked ||= repeatsPrompt(piece);
    if (!safe) return '';
    this.shown = true;
    return `${lead}${safe}${trail}`;
  }
}
