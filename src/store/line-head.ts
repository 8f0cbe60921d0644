/**
 * Fields read from the first bytes of a stored line without parsing the line: an
 * article's id and metadata (articles.json), a chunk's label (docstore.json). The
 * writers put these fields first, in this order, so readers can list and look up
 * lines while leaving the texts unread.
 */

/** The order writeArticles writes an article's fields; everything before `text` is readable from the head. */
export const ARTICLE_FIELDS = ['id', 'url', 'title', 'publishedAt', 'source', 'script', 'text'] as const;

/** NEXT_KEYS[n]: the bytes of the key after the first n fields (`"url":` after the id…). */
const NEXT_KEYS = ARTICLE_FIELDS.slice(1).map((next) => Buffer.from(`"${next}":`));

/**
 * The first `count` string fields of an article line (1 = the id), read from at most
 * `maxBytes` of its head; undefined when they do not fit (a very long title) or some
 * come after the next field: the caller then parses the line whole.
 */
export function articleHead(line: Buffer, count: number, maxBytes = 1024): string[] | undefined {
  // Decode only up to the next field's key: past it is the text, most of a head's bytes. Inside a string
  // value a quote is escaped, so the key's first occurrence is the key itself.
  const next = NEXT_KEYS[count - 1]!;
  const key = line.indexOf(next);
  if (key < 0 || key + next.length > Math.min(line.length, maxBytes)) return undefined;
  // Closed after the next key, the head is a JSON object of the fields: JSON.parse reads it at native speed
  // (a regex over it took twice as long, a visible share of opening 45k articles).
  let head: Record<string, unknown>;
  try {
    head = JSON.parse(`${line.toString('utf8', 0, key + next.length)}0}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const fields = ARTICLE_FIELDS.slice(0, count).map((f) => head[f]);
  return fields.every((f) => typeof f === 'string') ? (fields as string[]) : undefined;
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
