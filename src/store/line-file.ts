/**
 * Elements of a one-element-per-line JSON array (ingest/json-lines-array.ts) read
 * one at a time, from memory or from the file itself. On a large index the chunk
 * texts and article texts are most of the bytes, and a query needs a few hundred
 * of them: reading them whole into fresh memory was most of opening an index.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { lineRanges } from './lines.js';
import { doubled } from '../util/bytes.js';

export interface LineSource {
  readonly count: number;
  /** The i-th element's bytes (no trailing comma). */
  line(i: number): Buffer;
}

/** Called once per element with its first bytes (a view valid during the call only). */
export type OnHead = (head: Buffer, index: number) => void;

/** Lines of an in-memory file, or undefined when it is not in the line layout. */
export function bufferLines(buf: Buffer, headBytes: number, onHead: OnHead): LineSource | undefined {
  const r = lineRanges(buf);
  if (!r) return undefined;
  for (let i = 0; i < r.count; i++) onHead(buf.subarray(r.starts[i], Math.min(r.ends[i]!, r.starts[i]! + headBytes)), i);
  return { count: r.count, line: (i) => buf.subarray(r.starts[i], r.ends[i]) };
}

const STEP = 1 << 20;
const NL = 0x0a;
const COMMA = 0x2c;
const CLOSE = 0x5d;

/**
 * Lines of a file on disk. Opening scans it once through a reused 1 MiB buffer
 * (page-cache copies into memory already mapped: ~25 ms for 70 MB, where reading
 * it into a fresh buffer took ~250 ms on the benchmark VM) and keeps each line's
 * byte range; line() reads one back by position. The file stays open so its lines
 * stay readable if a later index run deletes the version folder; close() releases it.
 */
export class FileLines implements LineSource {
  private fd: number | undefined;

  private constructor(fd: number, private readonly starts: Float64Array, private readonly ends: Float64Array, readonly count: number, private readonly path: string) {
    this.fd = fd;
  }

  /** undefined when the file is not in the line layout (older versions wrote one line). */
  static open(path: string, headBytes: number, onHead: OnHead): FileLines | undefined {
    const fd = openSync(path, 'r');
    try {
      const scanned = scan(fd, fstatSync(fd).size, headBytes, onHead, path);
      if (!scanned) {
        closeSync(fd);
        return undefined;
      }
      return new FileLines(fd, scanned.starts, scanned.ends, scanned.count, path);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  line(i: number): Buffer {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const start = this.starts[i]!;
    const buf = Buffer.allocUnsafe(this.ends[i]! - start);
    readFully(this.fd, buf, start, this.path);
    return buf;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function readFully(fd: number, buf: Buffer, position: number, path: string): void {
  let at = 0;
  while (at < buf.length) {
    const n = readSync(fd, buf, at, buf.length - at, position + at);
    if (n === 0) throw new Error(`${path}: unexpected end of file at byte ${position + at}`);
    at += n;
  }
}

function scan(fd: number, size: number, headBytes: number, onHead: OnHead, path: string) {
  const first = Buffer.alloc(2);
  if (size < 3 || readSync(fd, first, 0, 2, 0) < 2 || first[0] !== 0x5b || first[1] !== NL) return undefined;
  let starts: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let ends: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let count = 0;
  const chunk = Buffer.allocUnsafe(Math.min(STEP, size));
  const head = Buffer.allocUnsafe(headBytes);
  let pos = 2; // file offset of chunk[0]
  let n = 0; // bytes in chunk
  const byteAt = (at: number): number => {
    if (at >= pos && at < pos + n) return chunk[at - pos]!;
    const one = Buffer.allocUnsafe(1);
    readFully(fd, one, at, path);
    return one[0]!;
  };
  const finish = (start: number, end: number) => {
    let last = end;
    if (last > start && byteAt(last - 1) === COMMA) last--;
    if (last <= start || (last - start === 1 && byteAt(start) === CLOSE)) return;
    if (count === starts.length) {
      starts = doubled(starts);
      ends = doubled(ends);
    }
    starts[count] = start;
    ends[count] = last;
    const headEnd = Math.min(last, start + headBytes);
    if (start >= pos && headEnd <= pos + n) onHead(chunk.subarray(start - pos, headEnd - pos), count);
    else {
      const view = head.subarray(0, headEnd - start);
      readFully(fd, view, start, path);
      onHead(view, count);
    }
    count++;
  };
  let lineStart = 2;
  while (pos < size) {
    n = readSync(fd, chunk, 0, Math.min(chunk.length, size - pos), pos);
    if (n === 0) throw new Error(`${path}: unexpected end of file at byte ${pos}`);
    for (let at = chunk.indexOf(NL); at >= 0 && at < n; at = chunk.indexOf(NL, at + 1)) {
      finish(lineStart, pos + at);
      lineStart = pos + at + 1;
    }
    if (pos + n >= size) break;
    pos += n;
  }
  if (lineStart < size) finish(lineStart, size);
  return { starts, ends, count };
}
