/**
 * The lexical files of an index version: lexical.bin (a header of four counts, then
 * offsets, posting documents, document lengths and posting term frequencies as flat
 * little-endian arrays) and lexical-vocab.bin (the Vocabulary's encoding). Written
 * from pieces (LexicalBuilder splices unchanged stretches of the previous postings)
 * and read back either whole, as typed-array views straight over the file's bytes
 * (merges rewrite every posting), or as a posting source that keeps the file open and
 * reads one term's list when a search first asks for it (opening a snapshot).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aligned4, readInto, readWhole, words, writeParts } from '../util/bytes.js';
import type { PostingSource } from './term-table.js';
import { Vocabulary } from './vocabulary.js';

export const LEXICAL_FILE = 'lexical.bin';
export const VOCABULARY_FILE = 'lexical-vocab.bin';

export interface LexicalFiles<Pieces> {
  vocab: Vocabulary;
  offsets: Uint32Array;
  /** Postings of all terms in term order, in one array or as pieces to write one after the other. */
  postDocs: Pieces;
  postTfs: Pieces extends Uint32Array[] ? Uint16Array[] : Uint16Array;
  docLen: Uint32Array;
  /** Labels with a live document. */
  docCount: number;
}

export async function writeLexicalFiles(dir: string, f: LexicalFiles<Uint32Array[]>): Promise<void> {
  const postings = f.postDocs.reduce((n, piece) => n + piece.length, 0);
  const header = new Uint32Array([f.offsets.length, postings, f.docLen.length, f.docCount]);
  await Promise.all([
    writeParts(join(dir, LEXICAL_FILE), [header, f.offsets, ...f.postDocs, f.docLen, ...f.postTfs]),
    writeParts(join(dir, VOCABULARY_FILE), f.vocab.encode()),
  ]);
}

export async function readLexicalFiles(dir: string): Promise<LexicalFiles<Uint32Array>> {
  const [bin, vocab] = await Promise.all([readWhole(join(dir, LEXICAL_FILE)), readVocabulary(dir)]);
  const bytes = aligned4(bin);
  const [nOffsets, nPostings, nDocs, docCount] = words(bytes, 0, 4);
  let at = 16;
  const take32 = (n: number) => {
    const a = words(bytes, at, n);
    at += n * 4;
    return a;
  };
  const offsets = take32(nOffsets!);
  const postDocs = take32(nPostings!);
  const docLen = take32(nDocs!);
  const postTfs = new Uint16Array(bytes.buffer, bytes.byteOffset + at, nPostings!);
  return { vocab, offsets, postDocs, postTfs, docLen, docCount: docCount! };
}

/**
 * The postings of lexical.bin read on demand: vocabulary, offsets and document lengths
 * now (a few MB), each list when first asked for (the file stays open; close() releases it).
 */
export async function openPostings(dir: string): Promise<PostingSource & { close(): void }> {
  const fd = openSync(join(dir, LEXICAL_FILE), 'r');
  try {
    const header = new Uint32Array(4);
    readFullySync(fd, header, 0);
    const [nOffsets, nPostings, nDocs] = header as unknown as [number, number, number];
    const offsets = new Uint32Array(nOffsets);
    const docLen = new Uint32Array(nDocs);
    const docsAt = 16 + 4 * nOffsets;
    const tfsAt = docsAt + 4 * nPostings + 4 * nDocs;
    const [vocab] = await Promise.all([readVocabulary(dir), readInto(fd, offsets, 16), readInto(fd, docLen, docsAt + 4 * nPostings)]);
    const read = (from: number, to: number) => {
      const docs = new Uint32Array(to - from);
      const tfs = new Uint16Array(to - from);
      readFullySync(fd, docs, docsAt + 4 * from);
      readFullySync(fd, tfs, tfsAt + 2 * from);
      return { docs, tfs };
    };
    return { vocab, offsets, docLen, read, close: () => closeSync(fd) };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function readFullySync(fd: number, into: ArrayBufferView, position: number): void {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  for (let at = 0; at < bytes.length; ) {
    const n = readSync(fd, bytes, at, bytes.length - at, position + at);
    if (n === 0) throw new Error(`lexical postings end early (${bytes.length - at} bytes missing at ${position + at})`);
    at += n;
  }
}

/** Indexes built before lexical-vocab.bin stored the terms as a JSON array. */
async function readVocabulary(dir: string): Promise<Vocabulary> {
  try {
    return Vocabulary.decode(await readWhole(join(dir, VOCABULARY_FILE)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return Vocabulary.fromTerms(JSON.parse(await readFile(join(dir, 'lexical-vocab.json'), 'utf8')) as string[]);
  }
}
