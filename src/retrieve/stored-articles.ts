/**
 * The articles of a loaded index (articles.json, one article per line, id and URL
 * first), each parsed when first read. Opening finds the lines and reads the id and
 * URL at the head of each; the texts (as large as all the chunks together) are
 * decoded only for the articles a question or a lookup touches.
 */
import { lineRanges, type LineRanges } from '../ingest/json-lines-array.js';
import type { StoredArticle } from '../ingest/store-layout.js';

/** Enough bytes for the id and most URLs; a longer head is parsed whole. */
const HEAD_BYTES = 512;
const HEAD = /^\{"id":"([^"\\]*)","url":"((?:[^"\\]|\\.)*)"/;

export class StoredArticles {
  private readonly lineById = new Map<string, number>();
  private readonly lineByUrl = new Map<string, number>();
  private readonly parsed: (StoredArticle | undefined)[];

  private constructor(private readonly buf: Buffer, private readonly ranges: LineRanges) {
    this.parsed = new Array<StoredArticle | undefined>(ranges.count);
    for (let line = 0; line < ranges.count; line++) {
      const start = ranges.starts[line]!;
      const end = ranges.ends[line]!;
      const m = HEAD.exec(buf.toString('utf8', start, Math.min(end, start + HEAD_BYTES)));
      const { id, url } = m ? { id: m[1]!, url: m[2]!.includes('\\') ? (JSON.parse(`"${m[2]}"`) as string) : m[2]! } : this.at(line);
      this.lineById.set(id, line);
      this.lineByUrl.set(url, line);
    }
  }

  /** From articles.json's bytes; older versions wrote one line and are parsed whole. */
  static fromBuffer(buf: Buffer): StoredArticles {
    const ranges = lineRanges(buf);
    if (ranges) return new StoredArticles(buf, ranges);
    const lines = (JSON.parse(buf.toString('utf8')) as StoredArticle[]).map((a) => JSON.stringify(a));
    return StoredArticles.fromBuffer(Buffer.from(`[\n${lines.join(',\n')}\n]`));
  }

  get size(): number {
    return this.ranges.count;
  }

  get(id: string): StoredArticle | undefined {
    const line = this.lineById.get(id);
    return line === undefined ? undefined : this.at(line);
  }

  byUrl(url: string): StoredArticle | undefined {
    const line = this.lineByUrl.get(url);
    return line === undefined ? undefined : this.at(line);
  }

  /** Every article (parses them all: for listings and statistics, not per question). */
  *all(): Generator<StoredArticle> {
    for (let line = 0; line < this.ranges.count; line++) yield this.at(line);
  }

  private at(line: number): StoredArticle {
    return (this.parsed[line] ??= JSON.parse(this.buf.toString('utf8', this.ranges.starts[line], this.ranges.ends[line])) as StoredArticle);
  }
}
