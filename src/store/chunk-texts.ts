/**
 * The chunk store of a loaded index (LangChain's docstore.json), parsed one entry at
 * a time when a search first returns it. Parsing all of it at open was most of the
 * cold start on a large index (100k chunks: ~0.5 s to decode 70 MB of UTF-8 and
 * ~0.35 s to parse, plus the heap it fills), and a query reads a few hundred.
 */
import { readFileSync } from 'node:fs';
import { SynchronousInMemoryDocstore } from '@langchain/community/stores/doc/in_memory';
import type { Document } from '@langchain/core/documents';
import { bufferLines, FileLines, type LineSource, type OnHead } from './lines.js';
import { LABEL_HEAD_BYTES, labelHead } from './line-head.js';

/** Documents by label: a Map whose entries come into being as they are read. */
class LazyDocuments extends Map<string, Document> {
  private complete = false;

  constructor(
    private readonly lines: LineSource,
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
    const [, doc] = JSON.parse(this.lines.line(line).toString('utf8')) as [string, Document];
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


function docstoreOf(open: (onHead: OnHead) => LineSource | undefined, whole: () => Buffer, path: string): SynchronousInMemoryDocstore {
  const labels: number[] = [];
  const lines = open((head, i) => (labels[i] = labelHead(head, path)));
  // Older versions wrote the array on one line: parse it whole.
  if (!lines) return new SynchronousInMemoryDocstore(new Map(JSON.parse(whole().toString('utf8')) as [string, Document][]));
  const lineOf = new Int32Array(labels.reduce((m, l) => Math.max(m, l), -1) + 1);
  labels.forEach((label, i) => (lineOf[label] = i + 1));
  return new SynchronousInMemoryDocstore(new LazyDocuments(lines, lineOf));
}

/** The docstore for HNSWLib from docstore.json's bytes (`path` names it in errors). */
export function openDocstore(buf: Buffer, path: string): SynchronousInMemoryDocstore {
  return docstoreOf((onHead) => bufferLines(buf, LABEL_HEAD_BYTES, onHead), () => buf, path);
}

/** The docstore for HNSWLib read from docstore.json as needed; close() releases the file. */
export function openDocstoreFile(path: string): { docstore: SynchronousInMemoryDocstore; close(): void } {
  let file: FileLines | undefined;
  const docstore = docstoreOf((onHead) => (file = FileLines.open(path, LABEL_HEAD_BYTES, onHead)), () => readFileSync(path), path);
  return { docstore, close: () => file?.close() };
}
