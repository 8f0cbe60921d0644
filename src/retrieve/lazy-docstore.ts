/**
 * The chunk store of a loaded index (LangChain's docstore.json), parsed one entry at
 * a time when a search first returns it. Parsing all of it at open was most of the
 * cold start on a large index (100k chunks: ~0.5 s to decode 70 MB of UTF-8 and
 * ~0.35 s to parse, plus the heap it fills), and a query reads a few hundred.
 */
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import type { Document } from '@langchain/core/documents';
import { lineRanges, type LineRanges } from '../ingest/json-lines-array.js';

const QUOTE = 0x22;

/** Documents by label: a Map whose entries come into being as they are read. */
class LazyDocuments extends Map<string, Document> {
  private complete = false;

  constructor(
    private readonly buf: Buffer,
    private readonly ranges: LineRanges,
    /** Label → 1 + line number; 0 = no such label. */
    private readonly lineOf: Int32Array,
  ) {
    super();
  }

  override get(label: string): Document | undefined {
    const cached = super.get(label);
    if (cached !== undefined || this.complete) return cached;
    const n = Number(label);
    const line = Number.isInteger(n) && n >= 0 && n < this.lineOf.length ? this.lineOf[n]! - 1 : -1;
    if (line < 0) return undefined;
    const [, doc] = JSON.parse(this.buf.toString('utf8', this.ranges.starts[line], this.ranges.ends[line])) as [string, Document];
    super.set(label, doc);
    return doc;
  }

  override has(label: string): boolean {
    return this.get(label) !== undefined;
  }

  override get size(): number {
    this.loadAll();
    return super.size;
  }

  override entries(): MapIterator<[string, Document]> {
    this.loadAll();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.loadAll();
    return super.keys();
  }

  override values(): MapIterator<Document> {
    this.loadAll();
    return super.values();
  }

  override forEach(fn: (value: Document, key: string, map: Map<string, Document>) => void, thisArg?: unknown): void {
    this.loadAll();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Document]> {
    return this.entries();
  }

  /** Whoever iterates (LangChain's save) sees every entry. */
  private loadAll(): void {
    if (this.complete) return;
    for (let label = 0; label < this.lineOf.length; label++) if (this.lineOf[label]) this.get(String(label));
    this.complete = true;
  }
}

/** Label of an entry line `["123",{…}]`, read from its bytes. */
function labelOf(buf: Buffer, start: number, end: number, path: string): number {
  let label = 0;
  let at = start + 2;
  if (buf[start + 1] !== QUOTE) throw new Error(`${path}: entry at byte ${start} does not start with a quoted label`);
  for (; at < end && buf[at] !== QUOTE; at++) {
    const digit = buf[at]! - 0x30;
    if (digit < 0 || digit > 9) throw new Error(`${path}: entry at byte ${start} has a non-numeric label`);
    label = label * 10 + digit;
  }
  return label;
}

/** The docstore for HNSWLib; `buf` is docstore.json (`path` names it in errors). */
export function openDocstore(buf: Buffer, path: string): SynchronousInMemoryDocstore {
  const ranges = lineRanges(buf);
  // Older versions wrote the array on one line: parse it whole.
  if (!ranges) return new SynchronousInMemoryDocstore(new Map(JSON.parse(buf.toString('utf8')) as [string, Document][]));
  const labels = new Float64Array(ranges.count);
  let max = -1;
  for (let i = 0; i < ranges.count; i++) max = Math.max(max, (labels[i] = labelOf(buf, ranges.starts[i]!, ranges.ends[i]!, path)));
  const lineOf = new Int32Array(max + 1);
  for (let i = 0; i < ranges.count; i++) lineOf[labels[i]!] = i + 1;
  return new SynchronousInMemoryDocstore(new LazyDocuments(buf, ranges, lineOf));
}
