/**
 * The chunk texts of a loaded index (docstore.json: one `["label",{pageContent,
 * metadata}]` entry per line), each parsed when a search first returns it. Parsing
 * all of it at open was most of the cold start on a large index (100k chunks: ~0.5 s
 * to decode 70 MB of UTF-8 and ~0.35 s to parse, plus the heap it fills), and a
 * query reads a few hundred.
 */
import type { Document } from '@langchain/core/documents';
import { LABEL_HEAD_BYTES, labelHead } from './line-head.js';
import { bufferLines, FileLines, type LineSource } from './lines.js';
import { Lru } from '../util/lru.js';

export const CHUNKS_FILE = 'docstore.json';

/** A chunk as stored: its text and where it comes from. */
export type ChunkDocument = Document<{ articleId: string; ordinal: number }>;

/** Parsed chunks kept per segment: a search reads a few hundred; a long-running bot must not end up holding them all. */
const PARSED_CHUNKS_KEPT = 4096;

export class ChunkTexts {
  private readonly parsed = new Lru<ChunkDocument, number>(PARSED_CHUNKS_KEPT);

  private constructor(
    private readonly lines: LineSource,
    /** (Label − base) → 1 + line number; 0 = no such label. */
    private readonly lineOf: Int32Array,
    private readonly base: number,
    private readonly release: () => void,
  ) {}

  private static from(lines: LineSource | undefined, labels: number[], path: string, base: number, release: () => void): ChunkTexts {
    if (!lines) throw new Error(`${path} is not one entry per line`);
    const lineOf = new Int32Array(labels.reduce((m, l) => Math.max(m, l - base), -1) + 1);
    labels.forEach((label, i) => (lineOf[label - base] = i + 1));
    return new ChunkTexts(lines, lineOf, base, release);
  }

  /** From docstore.json's bytes (`path` names it in errors); labels start at `base`. */
  static fromBuffer(buf: Buffer, path: string, base = 0): ChunkTexts {
    const labels: number[] = [];
    const lines = bufferLines(buf, LABEL_HEAD_BYTES, (head, i) => (labels[i] = labelHead(head, path)));
    return ChunkTexts.from(lines, labels, path, base, () => {});
  }

  /** Read from docstore.json as needed; close() releases the file. */
  static open(path: string, base = 0): ChunkTexts {
    const labels: number[] = [];
    const file = FileLines.open(path, LABEL_HEAD_BYTES, (head, i) => (labels[i] = labelHead(head, path)));
    return ChunkTexts.from(file, labels, path, base, () => file?.close());
  }

  /** The chunk with this label; undefined for labels never written. */
  get(label: number): ChunkDocument | undefined {
    const cached = this.parsed.get(label);
    if (cached !== undefined) return cached;
    const at = label - this.base;
    const line = Number.isInteger(at) && at >= 0 && at < this.lineOf.length ? this.lineOf[at]! - 1 : -1;
    if (line < 0) return undefined;
    const [, doc] = JSON.parse(this.lines.line(line).toString('utf8')) as [string, ChunkDocument];
    this.parsed.set(label, doc);
    return doc;
  }

  close(): void {
    this.release();
  }
}
