/** Binary file helpers for the index's typed-array files. */
import { closeSync, fstatSync, openSync, read } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * A 4-byte-aligned view of `buf` for Uint32Array views: `buf` itself when it is
 * aligned (large files read whole are), else a copy. Copies of 10+ MB files were a
 * visible share of opening and of re-indexing.
 */
export function aligned4(buf: Buffer): Uint8Array {
  if (buf.byteOffset % 4 === 0) return buf;
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return copy;
}

/** A Uint32Array over `count` words of `bytes` starting at byte `at` (bytes from aligned4). */
export function words(bytes: Uint8Array, at: number, count: number): Uint32Array {
  return new Uint32Array(bytes.buffer, bytes.byteOffset + at, count);
}

/** Write several arrays back to back without first concatenating them into one buffer. */
export async function writeParts(path: string, parts: ArrayBufferView[]): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writev(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength)));
  } finally {
    await file.close();
  }
}

/**
 * A whole file in one read on the thread pool. Opening is synchronous (microseconds)
 * so that the read is under way before this returns: fs.readFile reads 512 KiB at a
 * time, each step waiting for the main thread, and stalls while the main thread is
 * busy (opening an index warms the segmenter meanwhile). The buffer is its own
 * allocation, so aligned4 never copies it.
 */
export async function readWhole(path: string): Promise<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    const buf = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const bytesRead = await readAt(fd, buf, at, size - at);
      if (bytesRead === 0) throw new Error(`${path}: file shrank while being read (${at} of ${size} bytes)`);
      at += bytesRead;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, buf: Uint8Array, at: number, length: number, position = at): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buf, at, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))));
}

/** Fill a typed array from the file at `position`, on the thread pool. */
export async function readInto(fd: number, into: ArrayBufferView, position: number): Promise<void> {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  for (let at = 0; at < bytes.length; ) {
    const n = await readAt(fd, bytes, at, bytes.length - at, position + at);
    if (n === 0) throw new Error(`file ends early (${bytes.length - at} bytes missing at ${position + at})`);
    at += n;
  }
}

/** A copy of `a` with twice the room (growing offset tables while scanning). */
export function doubled(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
