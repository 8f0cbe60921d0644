/**
 * Sentence-aware chunking. Sentences are packed up to `size` characters; the next
 * chunk starts with trailing sentences of the previous one worth up to `overlap`
 * characters. A sentence is split only when it alone exceeds `size`.
 */
import { splitSentences } from '../text/sentences.js';

export interface ChunkOptions {
  size: number;
  overlap: number;
}

export function chunkText(text: string, { size, overlap }: ChunkOptions): string[] {
  const sentences = splitSentences(text).flatMap((s) => (s.length > size ? hardSplit(s, size) : [s]));
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    if (length + sentence.length > size && current.length > 0) {
      chunks.push(joinSentences(current));
      current = overlapTail(current, overlap, size - sentence.length);
      length = current.reduce((n, s) => n + s.length, 0);
    }
    current.push(sentence);
    length += sentence.length;
  }
  if (current.length > 0) chunks.push(joinSentences(current));
  return chunks;
}

/** Trailing sentences totalling at most `overlap` chars, leaving room for the next sentence. */
function overlapTail(sentences: string[], overlap: number, room: number): string[] {
  const budget = Math.min(overlap, room);
  const tail: string[] = [];
  let total = 0;
  for (let i = sentences.length - 1; i >= 0; i--) {
    const s = sentences[i]!;
    if (total + s.length > budget) break;
    tail.unshift(s);
    total += s.length;
  }
  return tail;
}

/** Chinese sentences join without spaces; Latin-ending ones get one. */
function joinSentences(sentences: string[]): string {
  return sentences.reduce((acc, s) => (acc === '' ? s : /[A-Za-z0-9.,!?;:]$/.test(acc) ? `${acc} ${s}` : acc + s), '');
}

function hardSplit(sentence: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < sentence.length; i += size) parts.push(sentence.slice(i, i + size));
  return parts;
}
