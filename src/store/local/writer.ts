/**
 * The writer of a local index: new and changed articles go into one new segment;
 * deletions only drop the articles' rows from the manifest (their chunks become
 * deleted in the segments that hold them); commit writes the segment, runs the merge
 * policy, then publishes the manifest. Unchanged segments are referenced, never copied.
 */
import { join } from 'node:path';
import { StoredArticles, ARTICLES_FILE } from '../articles.js';
import { INDEX_FORMAT, type ChunkInput, type CommitExtras, type IndexedArticle, type IndexMeta, type IndexWriter, type StoredArticle, type WriterBase } from '../index-store.js';
import { mergeSegments, pickMerge } from './merge.js';
import { indexedArticle, prune, publishManifest, type ArticleRow, type ManifestJson, type SegmentEntry } from './manifest.js';
import { SegmentWriter } from './segment.js';
import type { LexicalBuilder } from '../lexical-builder.js';

export interface WriterHooks {
  /** Called after the segments and the manifest file are written, before CURRENT moves (tests crash here). */
  beforePublish?: () => Promise<void>;
  /** Segments of at most this many chunks are stored flat (default FLAT_LIMIT; tests set 0 to exercise the graphs). */
  flatLimit?: number;
}

export class LocalWriter implements IndexWriter {
  readonly base?: WriterBase;
  private readonly rows: Record<string, ArticleRow>;
  private segments: SegmentEntry[];
  private nextLabel: number;
  private segment?: SegmentWriter;
  /** Articles added by this writer, with their chunks' label range. */
  private readonly added = new Map<string, { article: StoredArticle & { hash: string; file: string }; first: number; n: number }>();
  private done = false;
  private tokenised?: LexicalBuilder;
  /** Closes the article files the base opened to read carried-over articles. */
  private readonly releaseBase: () => void = () => {};

  constructor(
    private readonly dir: string, private readonly previous: ManifestJson | undefined, full: boolean,
    private readonly dimensions: number, private capacity: number, private readonly hooks: WriterHooks = {},
  ) {
    const from = full ? undefined : previous;
    // The rows are shared with `previous` until one changes (ownRow): copying thousands each run was a visible share of it.
    this.rows = { ...from?.articles };
    this.segments = from ? from.segments.map((s) => ({ ...s })) : [];
    this.nextLabel = from?.nextLabel ?? 0;
    if (from) ({ base: this.base, release: this.releaseBase } = baseOf(dir, from));
  }

  expect(chunks: number): void {
    this.capacity = Math.max(this.capacity, chunks);
  }

  /** Only before any chunk is added (the postings' document k is the k-th chunk of the new segment). */
  adoptTokenised(tokenised: LexicalBuilder): void {
    if (this.segment || this.tokenised) throw new Error('adoptTokenised must come before the first chunk is added');
    this.tokenised = tokenised;
  }

  async add(articles: readonly (StoredArticle & { hash: string; file: string })[], chunks: readonly ChunkInput[], vectors: readonly number[][]): Promise<number[]> {
    this.segment ??= await SegmentWriter.create(this.dir, this.dimensions, this.nextLabel, Math.max(this.capacity, chunks.length), { tokenised: this.tokenised, flatLimit: this.hooks.flatLimit });
    for (const article of articles) this.added.set(article.id, { article, first: -1, n: 0 });
    this.segment.addArticles(articles.map(({ hash: _h, file: _f, ...a }) => a));
    const labels = this.segment.addChunks(chunks, vectors, chunks.map((c) => c.tokens));
    labels.forEach((label, i) => {
      const e = this.added.get(chunks[i]!.articleId);
      if (!e) throw new Error(`chunk of article ${chunks[i]!.articleId} added before its article`);
      if (e.first < 0) e.first = label;
      else if (label !== e.first + e.n) throw new Error(`the chunks of article ${e.article.id} are not consecutive`);
      e.n++;
    });
    return labels;
  }

  /** Chunks of an article already written by this writer are not looked for: delete before adding. */
  async deleteArticles(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const row = this.rows[id];
      if (!row) continue;
      const seg = this.segments[row[4]];
      if (seg) seg.live -= row[6];
      delete this.rows[id];
    }
  }

  setFile(id: string, file: string): void {
    if (this.rows[id]) this.ownRow(id)[1] = file;
  }

  /** This writer's own copy of a row, to change. */
  private ownRow(id: string): ArticleRow {
    const row = this.rows[id]!;
    if (this.previous?.articles[id] !== row) return row;
    return (this.rows[id] = [...row]);
  }

  async commit(meta: Omit<IndexMeta, 'format' | 'articles' | 'chunks'>, extras?: CommitExtras): Promise<string> {
    if (this.done) throw new Error('writer already committed or aborted');
    this.done = true;
    try {
      if (this.segment) {
        const seg = this.segments.length;
        const end = this.segment.base + this.segment.count;
        for (const { article: a, first, n } of this.added.values()) this.rows[a.id] = [a.hash, a.file, a.url, a.publishedAt, seg, first < 0 ? end : first, n];
        this.segments.push(await this.segment.finish(this.segment.count));
        this.nextLabel += this.segment.count;
      }
      await this.merge();
      this.dropEmpty();
      const chunks = this.segments.reduce((n, s) => n + s.live, 0);
      const manifest: ManifestJson = {
        format: INDEX_FORMAT, generation: (this.previous?.generation ?? 0) + 1,
        meta: { ...meta, format: INDEX_FORMAT, articles: Object.keys(this.rows).length, chunks },
        nextLabel: this.nextLabel, segments: this.segments, articles: this.rows, extras,
      };
      const name = await publishManifest(this.dir, manifest, this.hooks.beforePublish, this.previous);
      await prune(this.dir, this.previous ? [manifest, this.previous] : [manifest]);
      return name;
    } catch (err) {
      await this.segment?.abort();
      throw err;
    } finally {
      this.releaseBase();
    }
  }

  async abort(): Promise<void> {
    this.done = true;
    this.releaseBase();
    await this.segment?.abort();
  }

  /** Merge until the policy is satisfied; merged segments go to the end (highest labels). */
  private async merge(): Promise<void> {
    for (let group = pickMerge(this.segments); group; group = pickMerge(this.segments)) {
      const target = this.segments.length;
      for (const id in this.rows) if (group.includes(this.rows[id]![4])) this.ownRow(id); // the merge relabels them
      const entry = await mergeSegments(this.dir, this.segments, group, this.rows, this.dimensions, this.nextLabel, target, this.hooks.flatLimit);
      this.nextLabel += entry.count;
      this.segments.push(entry);
      for (const i of group) this.segments[i]!.live = 0;
      this.dropEmpty();
    }
  }

  /** Remove segments with nothing live, renumbering the rows' segment indices. */
  private dropEmpty(): void {
    let k = 0;
    const index = this.segments.map((s) => (s.live > 0 ? k++ : -1));
    for (const id in this.rows) {
      const seg = this.rows[id]![4];
      if (index[seg] !== seg) this.ownRow(id)[4] = index[seg]!;
    }
    this.segments = this.segments.filter((s) => s.live > 0);
  }
}

/**
 * What an incremental run reads of the served manifest; articles' texts only on
 * demand, from article files opened when first needed and closed by `release`.
 */
function baseOf(dir: string, m: ManifestJson): { base: WriterBase; release: () => void } {
  const readers = new Map<number, StoredArticles>();
  const release = () => {
    for (const reader of readers.values()) reader.release();
    readers.clear();
  };
  const base: WriterBase = {
    meta: m.meta,
    extras: m.extras,
    articles: new Map<string, IndexedArticle>(Object.entries(m.articles).map(([id, row]) => [id, indexedArticle(id, row)])),
    readArticle(id) {
      const row = m.articles[id];
      if (!row) return undefined;
      let reader = readers.get(row[4]);
      if (!reader) readers.set(row[4], (reader = StoredArticles.open(join(dir, m.segments[row[4]]!.name, ARTICLES_FILE))));
      return reader.get(id);
    },
  };
  return { base, release };
}
