/**
 * The embedder state file of a local index (`embedder-<sha1>.bin`): the state as JSON,
 * except that every long base64 string (a fitted embedder's arrays, ~2 MB in all) is
 * stored as its bytes after the JSON and read back as a Uint8Array view of them. An
 * incremental run reads the state to embed what changed; as JSON it cost ~25 ms to
 * read and parse and as much again to decode, on a run of ~200 ms. Fitted embedders
 * accept their arrays either way (embed/embedder.ts).
 *
 * Layout: u32 JSON byte length, the JSON, zero padding to a multiple of 8, the blobs
 * (each padded to 8 bytes, so typed arrays can view them). A blob stands in the JSON
 * as { "$bytes": [offset, length] }.
 */
import { createHash } from 'node:crypto';

/** Shorter strings stay in the JSON. */
const MIN_BLOB_CHARS = 4096;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const pad8 = (n: number) => (n + 7) & ~7;

/** A file name for the encoded state: the same state, the same name. */
export function stateFileName(encoded: Buffer): string {
  return `embedder-${createHash('sha1').update(encoded).digest('hex')}.bin`;
}

export function encodeState(state: object): Buffer {
  const blobs: Buffer[] = [];
  let at = 0;
  const json = JSON.stringify(state, (_key, value: unknown) => {
    if (typeof value !== 'string' || value.length < MIN_BLOB_CHARS || value.length % 4 !== 0 || !BASE64.test(value)) return value;
    const bytes = Buffer.from(value, 'base64');
    if (bytes.toString('base64') !== value) return value; // not canonical base64: kept as text
    blobs.push(bytes);
    const ref = { $bytes: [at, bytes.length] };
    at += pad8(bytes.length);
    return ref;
  });
  const head = Buffer.from(json);
  const start = pad8(4 + head.length);
  const out = Buffer.alloc(start + at);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  let offset = start;
  for (const b of blobs) {
    b.copy(out, offset);
    offset += pad8(b.length);
  }
  return out;
}

export function decodeState(buf: Buffer): object {
  const length = buf.readUInt32LE(0);
  const start = pad8(4 + length);
  return JSON.parse(buf.toString('utf8', 4, 4 + length), (_key, value: unknown) => {
    const ref = (value as { $bytes?: [number, number] } | null)?.$bytes;
    return ref ? new Uint8Array(buf.buffer, buf.byteOffset + start + ref[0], ref[1]) : value;
  }) as object;
}
