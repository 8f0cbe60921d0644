/**
 * One corpus file in the format ./parse.ts reads: line 1 `<!--epoch-ms-->`,
 * line 2 `[title](url)`, line 3 `------`, then the HTML body.
 */
export interface ArticleHeader {
  publishedMs: number;
  title: string;
  url: string;
}

/** Brackets and backslashes in the title are escaped (the parser unescapes them); line breaks become spaces. */
export function formatArticleFile(h: ArticleHeader, html: string): string {
  const title = h.title.replace(/[\r\n]+/g, ' ').replace(/[\\[\]]/g, (c) => `\\${c}`);
  return `<!--${h.publishedMs}-->\n[${title}](${h.url})\n------\n\n${html}\n`;
}
