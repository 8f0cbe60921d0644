/**
 * A JSON array written one element per line ("[\n" el ",\n" el … "\n]"): still plain
 * JSON for every reader, but a new index version can be spliced from the previous
 * one's bytes (keep some lines, append others) without decoding or parsing them,
 * which is most of the cost of a small incremental re-index; and a reader can
 * parse just the elements it needs, from memory or from the file itself.
 *
 * One scanner serves both: it walks the bytes window by window (all of a buffer at
 * once, or a file through a reused 1 MiB buffer) and reports each element's range
 * and first bytes.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { doubled, writeParts } from '../util/bytes.js';

const NL = 0x0a;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

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

/** Called once per element with its first bytes (a view valid during the call only). */
export type OnHead = (head: Buffer, index: number) => void;

/** Bytes to scan: a buffer, or a file read window by window. */
interface Bytes {
  readonly size: number;
  /** Bytes from `pos` on (at least one when pos < size); valid until the next call. */
  window(pos: number): Buffer;
  /** Bytes [start, end) read outside the current window; valid until the next call. */
  slice(start: number, end: number): Buffer;
}

function bufferBytes(buf: Buffer): Bytes {
  return { size: buf.length, window: (pos) => buf.subarray(pos), slice: (start, end) => buf.subarray(start, end) };
}

/** The element ranges, or undefined when the bytes are not in the line layout (older versions wrote one line). */
function scan(bytes: Bytes, headBytes: number, onHead?: OnHead): LineRanges | undefined {
  const { size } = bytes;
  if (size < 3) return undefined;
  const first = bytes.slice(0, 2);
  if (first[0] !== OPEN_BRACKET || first[1] !== NL) return undefined;
  let starts: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let ends: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let count = 0;
  let win: Buffer = Buffer.alloc(0);
  let pos = 2; // offset of win[0]
  const view = (start: number, end: number): Buffer =>
    start >= pos && end <= pos + win.length ? win.subarray(start - pos, end - pos) : bytes.slice(start, end);
  // One byte without a Buffer view (three views per line were most of a scan's garbage).
  const byteAt = (at: number): number => (at >= pos && at < pos + win.length ? win[at - pos]! : bytes.slice(at, at + 1)[0]!);
  const finish = (start: number, end: number) => {
    let last = end;
    if (last > start && byteAt(last - 1) === COMMA) last--;
    if (last <= start || (last - start === 1 && byteAt(start) === CLOSE_BRACKET)) return; // the closing "]"
    if (count === starts.length) {
      starts = doubled(starts);
      ends = doubled(ends);
    }
    starts[count] = start;
    ends[count] = last;
    onHead?.(view(start, Math.min(last, start + headBytes)), count);
    count++;
  };
  let lineStart = 2;
  while (pos < size) {
    win = bytes.window(pos);
    for (let at = win.indexOf(NL); at >= 0; at = win.indexOf(NL, at + 1)) {
      finish(lineStart, pos + at);
      lineStart = pos + at + 1;
    }
    if (pos + win.length >= size) break;
    pos += win.length;
  }
  if (lineStart < size) finish(lineStart, size);
  return { starts, ends, count };
}

/** The element ranges of an in-memory file, or undefined when it is not in the line layout. */
export function lineRanges(buf: Buffer): LineRanges | undefined {
  return scan(bufferBytes(buf), 0);
}

/** The element lines as byte slices, or undefined when `buf` is not in this layout. */
export function splitLines(buf: Buffer): Buffer[] | undefined {
  const ranges = lineRanges(buf);
  if (!ranges) return undefined;
  const lines: Buffer[] = [];
  for (let i = 0; i < ranges.count; i++) lines.push(buf.subarray(ranges.starts[i], ranges.ends[i]));
  return lines;
}

export interface LineSource {
  readonly count: number;
  /** The i-th element's bytes (no trailing comma). */
  line(i: number): Buffer;
}

/** Lines of an in-memory file, or undefined when it is not in the line layout. */
export function bufferLines(buf: Buffer, headBytes: number, onHead: OnHead): LineSource | undefined {
  const r = scan(bufferBytes(buf), headBytes, onHead);
  if (!r) return undefined;
  return { count: r.count, line: (i) => buf.subarray(r.starts[i], r.ends[i]) };
}

const STEP = 1 << 20;

function readFully(fd: number, buf: Buffer, position: number, path: string): void {
  let at = 0;
  while (at < buf.length) {
    const n = readSync(fd, buf, at, buf.length - at, position + at);
    if (n === 0) throw new Error(`${path}: unexpected end of file at byte ${position + at}`);
    at += n;
  }
}

/** A file read through one reused buffer (page-cache copies into memory already mapped). */
function fileBytes(fd: number, path: string, headBytes: number): Bytes {
  const size = fstatSync(fd).size;
  const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(STEP, size)));
  const scratch = Buffer.allocUnsafe(Math.max(2, headBytes));
  return {
    size,
    window(pos) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - pos), pos);
      if (n === 0) throw new Error(`${path}: unexpected end of file at byte ${pos}`);
      return chunk.subarray(0, n);
    },
    slice(start, end) {
      const out = end - start <= scratch.length ? scratch.subarray(0, end - start) : Buffer.allocUnsafe(end - start);
      readFully(fd, out, start, path);
      return out;
    },
  };
}

/**
 * Lines of a file on disk. Opening scans it once (~25 ms for 70 MB, where reading
 * it into a fresh buffer took ~250 ms on the benchmark VM) and keeps each line's
 * byte range; line() reads one back by position. The file stays open so its lines
 * stay readable if a later index run deletes the version folder; close() releases it.
 */
export class FileLines implements LineSource {
  private fd: number | undefined;

  private constructor(fd: number, private readonly ranges: LineRanges, private readonly path: string) {
    this.fd = fd;
  }

  get count(): number {
    return this.ranges.count;
  }

  /** undefined when the file is not in the line layout (older versions wrote one line). */
  static open(path: string, headBytes: number, onHead: OnHead): FileLines | undefined {
    const fd = openSync(path, 'r');
    try {
      const ranges = scan(fileBytes(fd, path, headBytes), headBytes, onHead);
      if (ranges) return new FileLines(fd, ranges, path);
      closeSync(fd);
      return undefined;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  line(i: number): Buffer {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const start = this.ranges.starts[i]!;
    const buf = Buffer.allocUnsafe(this.ranges.ends[i]! - start);
    readFully(this.fd, buf, start, this.path);
    return buf;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
