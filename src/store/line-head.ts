/**
 * Fields read from the first bytes of a stored line without parsing the line: an
 * article's id and metadata (articles.json), a chunk's label (docstore.json). The
 * writers put these fields first, in this order, so readers can list and look up
 * lines while leaving the texts unread.
 */

/** The order writeArticles writes an article's fields; everything before `text` is readable from the head. */
export const ARTICLE_FIELDS = ['id', 'url', 'title', 'publishedAt', 'source', 'script', 'text'] as const;

const STR = '"((?:[^"\\\\]|\\\\.)*)"';
/** HEADS[n]: the first n fields, each followed by the next one's key. */
const HEADS = ARTICLE_FIELDS.slice(1).map((next, n) => {
  const fields = ARTICLE_FIELDS.slice(0, n + 1).map((f) => `"${f}":${STR}`).join(',');
  return new RegExp(`^\\{${fields},"${next}":`);
});

/** NEXT_KEYS[n]: the bytes of the key after the first n fields (`"url":` after the id…). */
const NEXT_KEYS = ARTICLE_FIELDS.slice(1).map((next) => Buffer.from(`"${next}":`));

function unescaped(s: string): string {
  return s.includes('\\') ? (JSON.parse(`"${s}"`) as string) : s;
}

/**
 * The first `count` string fields of an article line (1 = the id), read from at most
 * `maxBytes` of its head; undefined when they do not fit (a very long title) or the
 * line was written in another order: the caller then parses the line whole.
 */
export function articleHead(line: Buffer, count: number, maxBytes = 1024): string[] | undefined {
  // Decode only up to the next field's key: past it is the text, most of a head's bytes. Inside a string
  // value a quote is escaped, so the key's first occurrence is the key itself.
  const limit = Math.min(line.length, maxBytes);
  const key = line.indexOf(NEXT_KEYS[count - 1]!);
  const end = key >= 0 && key + NEXT_KEYS[count - 1]!.length <= limit ? key + NEXT_KEYS[count - 1]!.length : limit;
  const m = HEADS[count - 1]!.exec(line.toString('utf8', 0, end));
  return m ? m.slice(1).map((f) => unescaped(f!)) : undefined;
}

/** Longest label head: `["` + 15 digits + `"`. */
export const LABEL_HEAD_BYTES = 18;

/**
 * The label of a docstore entry line `["123",{…}]`, read from its first bytes.
 * Throws (naming `path`) when the line does not start with a quoted number.
 */
export function labelHead(head: Buffer, path: string): number {
  if (head[0] !== 0x5b || head[1] !== 0x22) throw new Error(`${path}: an entry does not start with a quoted label`);
  const end = head.indexOf(0x22, 2);
  if (end < 0 || end >= LABEL_HEAD_BYTES) throw new Error(`${path}: an entry's label is too long`);
  let label = 0;
  for (let at = 2; at < end; at++) {
    const digit = head[at]! - 0x30;
    if (digit < 0 || digit > 9) throw new Error(`${path}: an entry has a non-numeric label`);
    label = label * 10 + digit;
  }
  return label;
}
