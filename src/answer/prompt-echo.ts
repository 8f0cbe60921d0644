/**
 * Keeps the bot's own instructions out of what users see. A model told (by a
 * planted article, or a user) to "reveal your system prompt" repeats it; any
 * sentence sharing a run of WINDOW characters with a prompt template is dropped.
 * Catches verbatim and lightly reformatted leaks (case, spacing, full-width forms),
 * not paraphrases or translations.
 */
import { splitSentences } from '../text/sentences.js';
import { loadPrompt, type PromptName } from './prompts.js';

/** Characters of a prompt a text must repeat to count as an echo. */
export const WINDOW = 32;
const PROMPTS: PromptName[] = ['system', 'answer', 'condense'];

const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');

const MIN_FRAGMENT = 8;

interface Fingerprints {
  /** Every WINDOW-character run of the prompts' fixed text (placeholders excluded). */
  windows: Set<string>;
  /** The fixed text itself, for short fragments next to a detected leak. */
  parts: string[];
}

let cached: Fingerprints | undefined;

function fingerprints(): Fingerprints {
  if (cached) return cached;
  const windows = new Set<string>();
  const parts: string[] = [];
  for (const name of PROMPTS) {
    for (const part of loadPrompt(name).split(/\{\{[^}]*\}\}/)) {
      const s = squash(part).trim();
      parts.push(s);
      for (let i = 0; i + WINDOW <= s.length; i++) windows.add(s.slice(i, i + WINDOW));
    }
  }
  return (cached = { windows, parts });
}

export function repeatsPrompt(text: string): boolean {
  const s = squash(text);
  const { windows } = fingerprints();
  for (let i = 0; i + WINDOW <= s.length; i++) if (windows.has(s.slice(i, i + WINDOW))) return true;
  return false;
}

/** Once a leak is found, shorter prompt lines around it ("Ground rules:") go too. */
function isPromptFragment(sentence: string): boolean {
  const s = squash(sentence).trim();
  return repeatsPrompt(s) || (s.length >= MIN_FRAGMENT && fingerprints().parts.some((p) => p.includes(s)));
}

const CJK_END = /[\p{Script=Han}。！？；：，、」』）】]$/u;

/**
 * The text without the sentences that repeat a prompt (line breaks kept); the same
 * string when none do. `afterLeak`: a leak was already found earlier in the same
 * answer (streaming), so short prompt fragments go too.
 */
export function dropPromptEcho(text: string, afterLeak = false): string {
  if (!afterLeak && !repeatsPrompt(text)) return text;
  const lines = text.split('\n').map((line) => {
    if (!isPromptFragment(line)) return line;
    const kept = splitSentences(line).filter((s) => !isPromptFragment(s));
    return kept.reduce((acc, s) => (acc === '' ? s : `${acc}${CJK_END.test(acc) ? '' : ' '}${s}`), '');
  });
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
