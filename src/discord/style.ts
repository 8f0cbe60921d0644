/**
 * How shared views spell links, emphasis and quotes. Discord gets markdown; the
 * terminal chat gets plain text. Views take a Style so both surfaces share wording.
 */
export interface Style {
  link(title: string, url: string): string;
  bold(text: string): string;
  quote(text: string): string;
  /** Corpus or user text shown verbatim (escaped where markup would bite). */
  text(raw: string): string;
}

/** Escape the characters that would turn a title into markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~|`[\]])/g, '\\$1');
}

const quoteLines = (prefix: string) => (text: string) =>
  text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');

export const markdownStyle: Style = {
  // `<url>` inside the parentheses keeps Discord from unfurling a preview per link.
  link: (title, url) => `[${escapeMarkdown(title)}](<${url}>)`,
  bold: (text) => `**${text}**`,
  quote: quoteLines('> '),
  text: escapeMarkdown,
};

export const plainStyle: Style = {
  link: (title, url) => `${title} <${url}>`,
  bold: (text) => text,
  quote: quoteLines('  │ '),
  text: (raw) => raw,
};
