/**
 * A JSON array written one element per line ("[\n" el ",\n" el … "\n]"): still plain
 * JSON for every reader, but a new index version can be spliced from the previous
 * one's bytes (keep some lines, append others) without decoding or parsing them,
 * which is most of the cost of a small incremental re-index.
 */
const NL = 0x0a;
const COMMA = 0x2c;

export function formatLines(elements: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('[\n')];
  elements.forEach((el, i) => {
    if (i > 0) parts.push(Buffer.from(',\n'));
    parts.push(typeof el === 'string' ? Buffer.from(el) : el);
  });
  parts.push(Buffer.from('\n]'));
  return Buffer.concat(parts);
}

/** The element lines (as byte slices, no trailing comma), or undefined when `buf` is not in this layout. */
export function splitLines(buf: Buffer): Buffer[] | undefined {
  if (buf.length < 3 || buf[0] !== 0x5b || buf[1] !== NL) return undefined;
  const lines: Buffer[] = [];
  let at = 2;
  while (at < buf.length) {
    let end = buf.indexOf(NL, at);
    if (end < 0) end = buf.length;
    let last = end;
    if (buf[last - 1] === COMMA) last--;
    const line = buf.subarray(at, last);
    if (line.length > 0 && !(line.length === 1 && line[0] === 0x5d)) lines.push(line); // not the closing "]"
    at = end + 1;
  }
  return lines;
}
