/**
 * Links in untrusted text (model output, article text) made inert. Only an allowed
 * target — a cited source's URL — stays a link; everything else is shown as text:
 *
 *   [官方说明](https://evil.example/phish)  →  官方说明 (evil.example)
 *   https://evil.example/phish              →  evil.example
 *   <https://evil.example/phish>            →  evil.example
 *
 * Only the host is kept: enough to tell the reader where the link pointed, and
 * never clickable (Discord and terminals link only text with a scheme).
 */

/** `[text](target "title")` roughly as Discord parses it: one level of nested brackets, escapes, parentheses in the target. */
const MASKED = String.raw`\[((?:\[[^\[\]\n]*\]|\\.|[^\[\]\\\n])*)\]\(\s*(<?(?:\([^()\s]*\)|\\.|[^\s()\\])*?>?)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)`;
/** Any scheme://… run, optionally in <…> (Discord's autolink form). */
const BARE = String.raw`<?([a-z][a-z0-9+.\-]{0,15}:\/\/[^\s<>]+)>?`;
/** Discord turns invites into join cards even without a scheme. */
const INVITE = String.raw`\b(?:discord(?:app)?\.com\/invite|discord\.gg)\/[\w-]+`;
const LINK = new RegExp(`${MASKED}|${BARE}|${INVITE}`, 'giu');
// Trailing punctuation belongs to the sentence, not the URL (Discord agrees).
const TRAILING = /[.,:;!?"'’”)\]}。，、；：！？）」』】]+$/u;

const unescape = (s: string) => s.replace(/\\([^0-9A-Za-z\s])/g, '$1');

/** The host a link would open, without `www.`; '' when there is none. */
export function linkHost(target: string): string {
  try {
    const url = new URL(unescape(target.replace(/^<|>$/g, '')));
    return url.hostname.replace(/^www\./i, '');
  } catch {
    return '';
  }
}

export function defuseLinks(text: string, allowed: ReadonlySet<string> = new Set()): string {
  return text.replace(LINK, (whole: string, label: string | undefined, target: string | undefined, bare: string | undefined) => {
    if (label !== undefined) {
      const url = (target ?? '').replace(/^<|>$/g, '');
      const shown = defuseLinks(label, allowed);
      if (allowed.has(url)) return `[${shown}](${url})`;
      const host = linkHost(url);
      return host ? `${shown}${shown ? ' ' : ''}(${host})` : shown;
    }
    if (bare === undefined) return whole.split('/')[0] ?? ''; // an invite: its host
    const raw = bare;
    const url = raw.replace(TRAILING, '');
    const tail = raw.slice(url.length);
    if (allowed.has(url)) return `${url}${tail}`; // the formatter wraps it in <…> again
    return `${linkHost(url) || (url.replace(/^[^:]+:\/+/, '').split('/')[0] ?? '')}${tail}`;
  });
}
