/**
 * The articles of a loaded index (articles.json, one article per line, metadata
 * before the text), each parsed when first read. Opening reads only the metadata
 * at the head of each line; the texts (as large as all the chunks together) are
 * read and decoded only for the articles a question or a lookup touches.
 */
import { readFileSync } from 'node:fs';
import { toMeta, type StoredArticle } from './layout.js';
import type { ArticleMeta, Script } from '../types.js';
import { bufferLines, FileLines, type LineSource, type OnHead } from './line-file.js';

/** Enough bytes for the metadata of nearly every article; a longer head is parsed whole. */
const HEAD_BYTES = 1024;
const STR = '"((?:[^"\\\\]|\\\\.)*)"';
/** The field order writeArticles writes. */
const HEAD = new RegExp(`^\\{"id":${STR},"url":${STR},"title":${STR},"publishedAt":${STR},"source":${STR},"script":${STR},"text":`);

function unescaped(s: string): string {
  return s.includes('\\') ? (JSON.parse(`"${s}"`) as string) : s;
}

function metaOfHead(head: Buffer): ArticleMeta | undefined {
  const m = HEAD.exec(head.toString('utf8'));
  if (!m) return undefined;
  const [id, url, title, publishedAt, source, script] = m.slice(1).map((f) => unescaped(f!));
  return { id: id!, url: url!, title: title!, publishedAt: publishedAt!, source: source!, script: script as Script };
}

export class StoredArticles {
  private readonly lineById = new Map<string, number>();
  private readonly lineByUrl = new Map<string, number>();
  private readonly parsed: (StoredArticle | undefined)[] = [];
  private readonly metas: ArticleMeta[];

  private constructor(private readonly lines: LineSource, heads: (ArticleMeta | undefined)[], private readonly close: () => void) {
    // A head cut short (a very long title or URL) is parsed whole.
    this.metas = heads.map((head, line) => head ?? toMeta(this.at(line)));
    this.metas.forEach(({ id, url }, line) => {
      this.lineById.set(id, line);
      this.lineByUrl.set(url, line);
    });
  }

  private static from(open: (onHead: OnHead) => LineSource | undefined, whole: () => Buffer, close: () => void = () => {}): StoredArticles {
    const heads: (ArticleMeta | undefined)[] = [];
    const lines = open((head, i) => (heads[i] = metaOfHead(head)));
    if (lines) return new StoredArticles(lines, heads, close);
    // Older versions wrote the array on one line.
    const stored = (JSON.parse(whole().toString('utf8')) as StoredArticle[]).map((a) => JSON.stringify(a));
    return StoredArticles.fromBuffer(Buffer.from(`[\n${stored.join(',\n')}\n]`));
  }

  /** From articles.json's bytes. */
  static fromBuffer(buf: Buffer): StoredArticles {
    return StoredArticles.from((onHead) => bufferLines(buf, HEAD_BYTES, onHead), () => buf);
  }

  /** Read from articles.json as needed; release() closes the file. */
  static open(path: string): StoredArticles {
    let file: FileLines | undefined;
    return StoredArticles.from((onHead) => (file = FileLines.open(path, HEAD_BYTES, onHead)), () => readFileSync(path), () => file?.close());
  }

  get size(): number {
    return this.lines.count;
  }

  get(id: string): StoredArticle | undefined {
    const line = this.lineById.get(id);
    return line === undefined ? undefined : this.at(line);
  }

  byUrl(url: string): StoredArticle | undefined {
    const line = this.lineByUrl.get(url);
    return line === undefined ? undefined : this.at(line);
  }

  /** Every article's metadata (read at open: listings and statistics need no text). */
  allMeta(): readonly ArticleMeta[] {
    return this.metas;
  }

  release(): void {
    this.close();
  }

  private at(line: number): StoredArticle {
    return (this.parsed[line] ??= JSON.parse(this.lines.line(line).toString('utf8')) as StoredArticle);
  }
}
