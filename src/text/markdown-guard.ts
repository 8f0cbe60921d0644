/**
 * Discord markdown that could hide or fake content when it comes from untrusted
 * text: headings and subtext (`#`, `-#`) that shout or shrink, block quotes that
 * look like the bot's own quoted passages, a bold "来源/Sources" line that imitates
 * the bot's sources block, spoilers (`||…||`) that hide text, and code fences that
 * swallow everything after them (the real sources list included). Each is escaped
 * with a backslash, so the text still reads the same but renders as plain text.
 */

/** Escape the characters that make inline markdown (emphasis, links, code, spoilers). */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~|`[\]])/g, '\\$1');
}

/** Line-start markup: headings, subtext, block quotes. */
export function escapeLineMarkup(text: string): string {
  return text.replace(/^([ \t]*)(#{1,6}(?=[ \t])|-#(?=[ \t])|>)/gm, (_m, indent: string, mark: string) => `${indent}\\${mark}`);
}

// A line that is only a sources heading, with or without emphasis and colon.
const FAKE_SOURCES_HEADING = /^[ \t]*[*_~]{1,3}[ \t]*(?:来源|來源|sources?|references?|参考资料|參考資料)[ \t]*[:：]?[ \t]*[*_~]{1,3}[ \t]*[:：]?[ \t]*$/gimu;

/** Everything above plus spoilers, code fences and fake sources headings. */
export function escapeHidingMarkup(text: string): string {
  return escapeLineMarkup(text)
    .replace(FAKE_SOURCES_HEADING, (line) => line.replace(/([*_~])/g, '\\$1'))
    .replace(/\|\|/g, '\\|\\|')
    .replace(/`{3,}/g, (fence) => fence.replace(/`/g, '\\`'));
}
