/** Small SQL helpers for the PostgreSQL store: identifiers, visibility, vectors, schema-1 segments' binary columns. */

/** A schema name the store may splice into SQL (it is never taken from a query). */
export function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`PG_SCHEMA must be a lower-case SQL identifier (got "${name}")`);
  return name;
}

/** Rows visible in version v: added at or before it and not removed by it. Integers only, spliced as literals. */
export function visibleAt(v: number, alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return `${p}v_added <= ${Math.trunc(v)} AND (${p}v_removed IS NULL OR ${p}v_removed > ${Math.trunc(v)})`;
}

/** A bytea of uint32 back as an array (copied when unaligned). */
export function u32Of(buf: Buffer): Uint32Array {
  if (buf.byteOffset % 4 === 0) return new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Uint32Array(copy.buffer);
}

/**
 * pgvector's text form. pgvector keeps float4: nine significant digits round-trip
 * every float4 exactly, and toPrecision(9) formats a 256-dimension vector about 4×
 * faster (and a third shorter) than the shortest double form join() writes.
 */
export function vectorLiteral(v: readonly number[]): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + v[i]!.toPrecision(9);
  return `${out}]`;
}

export function u16Of(buf: Buffer): Uint16Array {
  if (buf.byteOffset % 2 === 0) return new Uint16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Uint16Array(copy.buffer);
}

/**
 * Columns of bytea selected as `encode(col, 'base64')` back as Buffers: the driver
 * decodes bytea from hex in JavaScript (~45 s for 100k chunks' postings, ~250 MB),
 * Buffer.from(…, 'base64') natively. (Binary results would avoid the text form, but
 * PGlite's wire server does not return them intact.)
 */
export function base64Column(col: string): string {
  return `encode(${col}, 'base64') AS ${col.replace(/^.*\./, '')}`;
}

export function fromBase64(s: string): Buffer {
  return Buffer.from(s, 'base64');
}
