/**
 * The chunk texts of a loaded index (docstore.json: one `["label",{pageContent,
 * metadata}]` entry per line), each parsed when a search first returns it. Parsing
 * all of it at open was most of the cold start on a large index (100k chunks: ~0.5 s
 * to decode 70 MB of UTF-8 and ~0.35 s to parse, plus the heap it fills), and a
 * query reads a few hundred.
 */
import { readFileSync } from 'node:fs';
import type { Document } from '@langchain/core/documents';
import { LABEL_HEAD_BYTES, labelHead } from './line-head.js';
import { bufferLines, FileLines, type LineSource, type OnHead } from './lines.js';

export const CHUNKS_FILE = 'docstore.json';

/** A chunk as stored: its text and where it comes from. */
export type ChunkDocument = Document<{ articleId: string; ordinal: number }>;

export class ChunkTexts {
  private readonly parsed = new Map<number, ChunkDocument>();

  private constructor(
    private readonly lines: LineSource | undefined,
    /** Label → 1 + line number; 0 = no such label. */
    private readonly lineOf: Int32Array,
    private readonly release: () => void,
  ) {}

  private static from(open: (onHead: OnHead) => LineSource | undefined, whole: () => Buffer, path: string, release: () => void): ChunkTexts {
    const labels: number[] = [];
    const lines = open((head, i) => (labels[i] = labelHead(head, path)));
    if (!lines) {
      // Older versions wrote the array on one line: parse it whole.
      const texts = new ChunkTexts(undefined, new Int32Array(0), release);
      for (const [label, doc] of JSON.parse(whole().toString('utf8')) as [string, ChunkDocument][]) texts.parsed.set(Number(label), doc);
      return texts;
    }
    const lineOf = new Int32Array(labels.reduce((m, l) => Math.max(m, l), -1) + 1);
    labels.forEach((label, i) => (lineOf[label] = i + 1));
    return new ChunkTexts(lines, lineOf, release);
  }

  /** From docstore.json's bytes (`path` names it in errors). */
  static fromBuffer(buf: Buffer, path: string): ChunkTexts {
    return ChunkTexts.from((onHead) => bufferLines(buf, LABEL_HEAD_BYTES, onHead), () => buf, path, () => {});
  }

  /** Read from docstore.json as needed; close() releases the file. */
  static open(path: string): ChunkTexts {
    let file: FileLines | undefined;
    return ChunkTexts.from((onHead) => (file = FileLines.open(path, LABEL_HEAD_BYTES, onHead)), () => readFileSync(path), path, () => file?.close());
  }

  /** The chunk with this label; undefined for labels never written or removed. */
  get(label: number): ChunkDocument | undefined {
    const cached = this.parsed.get(label);
    if (cached !== undefined || !this.lines) return cached;
    const line = Number.isInteger(label) && label >= 0 && label < this.lineOf.length ? this.lineOf[label]! - 1 : -1;
    if (line < 0) return undefined;
    const [, doc] = JSON.parse(this.lines.line(line).toString('utf8')) as [string, ChunkDocument];
    this.parsed.set(label, doc);
    return doc;
  }

  close(): void {
    this.release();
  }
}
