/**
 * Sentence splitting for Chinese and English. A sentence ends at 。！？；!?; or
 * newline, or at "." when followed by whitespace/CJK/end (so 3.5 and U.S.A stay whole).
 * Closing quotes and brackets stay with the sentence they close.
 */
const CLOSERS = '”’"\'」』）)】》〉';
const HARD_END = '。！？；!?;…';

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number) => {
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      push(i + 1);
      continue;
    }
    let isEnd = HARD_END.includes(ch);
    if (ch === '.') {
      const next = text[i + 1];
      const prev = text[i - 1];
      // "." ends a sentence before whitespace, CJK or end of text, unless it is part of a number/initialism.
      isEnd = (next === undefined || /[\s\p{Script=Han}]/u.test(next)) && !(prev !== undefined && /[A-Z]/.test(prev) && /\b[A-Z]$/.test(text.slice(Math.max(0, i - 2), i)));
    }
    if (!isEnd) continue;
    let j = i + 1;
    while (j < text.length && (HARD_END.includes(text[j]!) || CLOSERS.includes(text[j]!))) j++;
    push(j);
    i = j - 1;
  }
  push(text.length);
  return out;
}
