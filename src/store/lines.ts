/**
 * A JSON array written one element per line ("[\n" el ",\n" el … "\n]"): still plain
 * JSON for every reader, but a new index version can be spliced from the previous
 * one's bytes (keep some lines, append others) without decoding or parsing them,
 * which is most of the cost of a small incremental re-index; and a reader can
 * parse just the elements it needs.
 */
import { doubled, writeParts } from '../util/bytes.js';

const NL = 0x0a;
const COMMA = 0x2c;

const OPEN = Buffer.from('[\n');
const SEPARATOR = Buffer.from(',\n');
const CLOSE = Buffer.from('\n]');

function lineParts(elements: (string | Buffer)[]): Buffer[] {
  const parts: Buffer[] = [OPEN];
  elements.forEach((el, i) => {
    if (i > 0) parts.push(SEPARATOR);
    parts.push(typeof el === 'string' ? Buffer.from(el) : el);
  });
  parts.push(CLOSE);
  return parts;
}

export function formatLines(elements: (string | Buffer)[]): Buffer {
  return Buffer.concat(lineParts(elements));
}

/** formatLines() straight to a file: the pieces are written as they are, never joined in memory. */
export function writeLines(path: string, elements: (string | Buffer)[]): Promise<void> {
  return writeParts(path, lineParts(elements));
}

/** Byte range [starts[i], ends[i]) of each element (no trailing comma). */
export interface LineRanges {
  starts: Float64Array;
  ends: Float64Array;
  count: number;
}

/** The element ranges, or undefined when `buf` is not in this layout (older versions wrote one line). */
export function lineRanges(buf: Buffer): LineRanges | undefined {
  if (buf.length < 3 || buf[0] !== 0x5b || buf[1] !== NL) return undefined;
  let starts: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let ends: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let count = 0;
  let at = 2;
  while (at < buf.length) {
    let end = buf.indexOf(NL, at);
    if (end < 0) end = buf.length;
    let last = end;
    if (buf[last - 1] === COMMA) last--;
    if (last > at && !(last - at === 1 && buf[at] === 0x5d)) {
      // not the closing "]"
      if (count === starts.length) {
        starts = doubled(starts);
        ends = doubled(ends);
      }
      starts[count] = at;
      ends[count++] = last;
    }
    at = end + 1;
  }
  return { starts, ends, count };
}

/** The element lines as byte slices, or undefined when `buf` is not in this layout. */
export function splitLines(buf: Buffer): Buffer[] | undefined {
  const ranges = lineRanges(buf);
  if (!ranges) return undefined;
  const lines: Buffer[] = [];
  for (let i = 0; i < ranges.count; i++) lines.push(buf.subarray(ranges.starts[i], ranges.ends[i]));
  return lines;
}
