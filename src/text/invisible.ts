/**
 * Characters a reader cannot see but a parser (Discord, a terminal, a model) acts on:
 * zero-width and bidirectional controls can hide or reorder text ("Trojan Source"),
 * C0/C1 controls and ESC drive terminals (OSC 8 hyperlinks, cursor moves), tag
 * characters smuggle invisible ASCII. Untrusted text loses them all.
 * Kept: tab, newline, carriage return, emoji variation selectors.
 * Dropped on purpose although sometimes legitimate: ZWJ/ZWNJ (emoji sequences split
 * into their parts; Persian/Indic joining is irrelevant to this Chinese/English bot).
 */
const INVISIBLE = new RegExp(
  [
    '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]', // C0/C1 controls, DEL, ESC
    '[\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f]', // soft hyphen, grapheme joiner, ALM, fillers
    '[\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f]', // zero-width, LRM/RLM, embeddings, overrides, isolates
    '[\\u2800\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb]', // blank braille, Hangul fillers, BOM, annotation marks
    '[\\u{e0000}-\\u{e007f}]', // tag characters
  ].join('|'),
  'gu',
);

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
