/**
 * A keyed table of the manifest (the article table, the corpus file stamps) stored as
 * an immutable base file plus the rows changed since, which the manifest carries, the
 * way Lucene keeps a segment and writes only its deletions. An incremental run that
 * changes a few rows of thousands writes those rows, not the table (rewriting ~1 MB of
 * JSON each run was a fifth of it); once the changes outgrow an eighth of the base, a
 * new base is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';

export type Rows<R> = Record<string, R>;

/** What the manifest holds of a table. */
export interface TableDelta<R> {
  /** The base file's name (in the index folder). */
  base: string;
  /** Rows in the base file. */
  baseRows: number;
  /** Rows added or changed since the base, by key. */
  changed: Rows<R>;
  /** Keys removed since the base. */
  removed: string[];
}

/** A table as read: its rows, and the delta they were read from (the next write diffs against both). */
export interface ReadTable<R> {
  rows: Rows<R>;
  delta: TableDelta<R>;
}

/** Changes up to this many rows (or an eighth of the base) stay in the manifest. */
const MIN_DELTA_ROWS = 64;

export function readTable<R>(dir: string, delta: TableDelta<R>): ReadTable<R> {
  // Read straight into a string: a Buffer is external memory to V8, and a MB of it sets off scavenges.
  const rows = JSON.parse(readFileSync(join(dir, delta.base), 'utf8')) as Rows<R>;
  for (const key of delta.removed) delete rows[key];
  Object.assign(rows, delta.changed);
  return { rows, delta };
}

/**
 * Store `rows`: as a delta against `previous`'s base when the changes are few, else as
 * a new base file `baseName` (written under a temp name, renamed into place).
 */
export async function writeTable<R extends readonly unknown[]>(dir: string, baseName: string, rows: Rows<R>, previous?: ReadTable<R>): Promise<TableDelta<R>> {
  const dirty = previous && dirtyKeys(rows, previous);
  if (previous && dirty && dirty.size <= Math.max(MIN_DELTA_ROWS, previous.delta.baseRows / 8)) {
    const changed: Rows<R> = {};
    const removed: string[] = [];
    for (const key of dirty) {
      if (key in rows) changed[key] = rows[key]!;
      else removed.push(key);
    }
    return { base: previous.delta.base, baseRows: previous.delta.baseRows, changed, removed };
  }
  // A new name: a crash leaves it unreferenced (pruned by the next run), never half-written under its name.
  const tmp = join(dir, `${baseName}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(rows)); // a string written as it is: no Buffer (see readTable)
  await rename(tmp, join(dir, baseName));
  return { base: baseName, baseRows: Object.keys(rows).length, changed: {}, removed: [] };
}

/** Keys whose row differs from the base: those the previous delta held, and those changed since. */
function dirtyKeys<R extends readonly unknown[]>(rows: Rows<R>, previous: ReadTable<R>): Set<string> {
  const dirty = new Set([...Object.keys(previous.delta.changed), ...previous.delta.removed]);
  for (const key in rows) if (!sameRow(rows[key]!, previous.rows[key])) dirty.add(key);
  for (const key in previous.rows) if (!(key in rows)) dirty.add(key);
  return dirty;
}

function sameRow(a: readonly unknown[], b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
