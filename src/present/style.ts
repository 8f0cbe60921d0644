/**
 * How shared views spell links, emphasis and quotes. Discord gets markdown; the
 * terminal chat gets plain text. Views take a Style so both surfaces share wording.
 * Text we did not write goes through the output policy (src/answer/output-policy.ts)
 * for the style's surface.
 */
import { safeAnswerText, safeQuotedText } from '../answer/output-policy.js';

export { escapeMarkdown } from '../text/markdown-guard.js';

export interface Style {
  link(title: string, url: string): string;
  bold(text: string): string;
  quote(text: string): string;
  /** Corpus or user text shown verbatim: inert links, escaped where markup would bite. */
  text(raw: string): string;
  /** Answer text: inert links except to the cited sources, hiding markup escaped. */
  answer(raw: string, citedUrls: readonly string[]): string;
}

const quoteLines = (prefix: string) => (text: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

export const markdownStyle: Style = {
  // `<url>` inside the parentheses keeps Discord from unfurling a preview per link.
  link: (title, url) => `[${safeQuotedText(title, 'markdown')}](<${url}>)`,
  bold: (text) => `**${text}**`,
  quote: quoteLines('> '),
  text: (raw) => safeQuotedText(raw, 'markdown'),
  answer: (raw, citedUrls) => safeAnswerText(raw, 'markdown', citedUrls),
};

export const plainStyle: Style = {
  link: (title, url) => `${safeQuotedText(title, 'plain')} <${url}>`,
  bold: (text) => text,
  quote: quoteLines('  │ '),
  text: (raw) => safeQuotedText(raw, 'plain'),
  answer: (raw, citedUrls) => safeAnswerText(raw, 'plain', citedUrls),
};
