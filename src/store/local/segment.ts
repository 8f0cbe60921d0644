/**
 * One immutable segment of a local index, a folder holding each component's files:
 * articles.json (articles.ts), docstore.json + hnswlib.index + args.json (LangChain
 * HNSWLib's layout: vector-store.ts writes, vectors.ts and chunk-texts.ts read; a
 * small segment has vectors.f32 in place of the graph, flat-vectors.ts) and
 * lexical.bin + lexical-vocab.bin (lexical-file.ts). Chunk labels are global and
 * consecutive from the segment's base; lexical document ids are label − base.
 * A segment is written under `<name>.tmp` and renamed when complete.
 */
import { accessSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTICLES_FILE, StoredArticles, writeArticles } from '../articles.js';
import { CHUNKS_FILE, ChunkTexts } from '../chunk-texts.js';
import { LexicalBuilder } from '../lexical-builder.js';
import { LEXICAL_FILE, openPostings, VOCABULARY_FILE } from '../lexical-file.js';
import type { PostingSource } from '../term-table.js';
import { VectorStoreBuilder, type VectorStoreOptions } from '../vector-store.js';
import { ARGS_FILE, openVectors, vectorFileProblem, type SegmentVectors } from '../vectors.js';
import { ensureDir, newSegmentName, type SegmentEntry } from './manifest.js';
import type { ChunkInput, StoredArticle } from '../index-store.js';

export class SegmentWriter {
  private readonly articles: StoredArticle[] = [];

  private constructor(
    readonly dir: string, readonly name: string, readonly vectors: VectorStoreBuilder,
    /** The chunks' postings; `adopted`: filled by the caller beforehand (chunk tokens are then ignored). */
    readonly lexical: LexicalBuilder, private readonly adopted: boolean,
  ) {}

  /** `tokenised`: the chunks' postings made beforehand (adoptTokenised). */
  static async create(
    indexDir: string, dimensions: number, base: number, capacity: number, opts: { tokenised?: LexicalBuilder } & VectorStoreOptions = {},
  ): Promise<SegmentWriter> {
    const { tokenised, ...vectorOptions } = opts;
    const name = newSegmentName();
    await ensureDir(join(indexDir, `${name}.tmp`));
    const vectors = await VectorStoreBuilder.create(dimensions, capacity, base, vectorOptions);
    return new SegmentWriter(indexDir, name, vectors, tokenised ?? LexicalBuilder.empty(), !!tokenised);
  }

  get base(): number {
    return this.vectors.base;
  }

  get count(): number {
    return this.vectors.count;
  }

  addArticles(articles: readonly StoredArticle[]): void {
    this.articles.push(...articles);
  }

  /** Chunks with their vectors and tokens; returns their labels. */
  addChunks(chunks: readonly Omit<ChunkInput, 'tokens'>[], vectors: readonly (readonly number[])[], tokens?: readonly string[][]): number[] {
    const start = this.vectors.add(vectors, chunks);
    if (tokens && !this.adopted) tokens.forEach((t, i) => this.lexical.add(start - this.base + i, t));
    return chunks.map((_, i) => start + i);
  }

  /** Write every file, then rename the folder into place. */
  async finish(live: number): Promise<SegmentEntry> {
    const tmp = join(this.dir, `${this.name}.tmp`);
    if (this.adopted && this.lexical.added !== this.count) throw new Error(`adopted postings hold ${this.lexical.added} chunks, the segment ${this.count}`);
    await Promise.all([this.vectors.save(tmp), writeArticles(tmp, this.articles), this.lexical.save(tmp)]);
    await rename(tmp, join(this.dir, this.name));
    return { name: this.name, base: this.base, count: this.count, live };
  }

  async abort(): Promise<void> {
    await this.vectors.close();
    await rm(join(this.dir, `${this.name}.tmp`), { recursive: true, force: true });
  }
}

/** A segment opened for reading. */
export interface SegmentFiles {
  entry: SegmentEntry;
  vectors: SegmentVectors;
  /** Postings read as searches need them (merges load the whole lexical index). */
  lexical: PostingSource & { close(): void };
  texts: ChunkTexts;
  articles: StoredArticles;
}

/**
 * The graph, vocabulary and posting offsets are read on the thread pool; the text files
 * are scanned meanwhile (their texts, and the postings, are read on demand).
 */
export async function openSegment(indexDir: string, entry: SegmentEntry): Promise<SegmentFiles> {
  const dir = join(indexDir, entry.name);
  const lexicalRead = openPostings(dir);
  const reading = Promise.all([openVectors(dir, entry.base), lexicalRead]);
  reading.catch(() => {}); // awaited below; this only covers an early throw
  let texts: ChunkTexts | undefined;
  try {
    texts = ChunkTexts.open(join(dir, CHUNKS_FILE), entry.base);
    const articles = StoredArticles.open(join(dir, ARTICLES_FILE));
    const [vectors, lexical] = await reading;
    return { entry, vectors, lexical, texts, articles };
  } catch (err) {
    texts?.close();
    await lexicalRead.then((l) => l.close(), () => {});
    throw err;
  }
}

/**
 * Why a segment cannot be kept by an incremental run (a file missing, a graph that
 * does not match the manifest), or undefined. Cheap: nothing is loaded, and the
 * checks are synchronous (microseconds each, where a promise each waited its turn).
 */
export function segmentProblem(indexDir: string, entry: SegmentEntry, dimensions: number): string | undefined {
  const dir = join(indexDir, entry.name);
  for (const file of [ARGS_FILE, CHUNKS_FILE, ARTICLES_FILE, LEXICAL_FILE, VOCABULARY_FILE]) {
    try {
      accessSync(join(dir, file));
    } catch (err) {
      return (err as Error).message;
    }
  }
  return vectorFileProblem(dir, entry.count, dimensions);
}

export function closeSegment(s: SegmentFiles): void {
  s.texts.close();
  s.lexical.close();
  s.articles.release();
}
