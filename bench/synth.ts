/**
 * Scaled benchmark corpora: the source corpus as-is, then "copies" whose sentences
 * are shuffled across articles (seeded, so every run sees the same text) under new
 * URLs, until the chunk count reaches a target. Shuffling keeps the vocabulary and
 * length distribution realistic without making exact duplicates.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatArticleFile } from '../src/corpus/format.js';
import { readCorpus } from '../src/corpus/read.js';
import { chunkText } from '../src/ingest/chunk.js';
import { splitSentences } from '../src/text/sentences.js';
import type { Article } from '../src/types.js';
import { mulberry32, shuffle } from '../src/util/prng.js';

export interface SynthOptions {
  sourceDir: string;
  outDir: string;
  targetChunks: number;
  seed: number;
  chunkSize: number;
  chunkOverlap: number;
  maxFileBytes: number;
  /** Hard cap on generated copies (bounds the loop even for a tiny source). */
  maxCopies?: number;
}

export interface SynthResult {
  files: number;
  /** Estimated chunks (chunker run on the generated text); the build reports the real count. */
  chunks: number;
  copies: number;
}

const DAY_MS = 86_400_000;
const SENTENCES_PER_PARAGRAPH = 4;
const STAMP = 'synth.json';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One corpus file in the product format (see src/corpus/parse.ts). */
export function articleFile(a: { publishedAt: string; title: string; url: string }, sentences: string[]): string {
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_PARAGRAPH) {
    paragraphs.push(`<p>${escapeHtml(sentences.slice(i, i + SENTENCES_PER_PARAGRAPH).join(''))}</p>`);
  }
  return formatArticleFile({ publishedMs: Date.parse(a.publishedAt), title: a.title.replace(/[[\]]/g, ' '), url: a.url }, paragraphs.join('\n'));
}

/** Generate (or reuse, when a matching stamp is present) a scaled corpus in outDir. */
export async function synthesizeCorpus(o: SynthOptions): Promise<SynthResult> {
  const stampKey = JSON.stringify({ src: o.sourceDir, t: o.targetChunks, seed: o.seed, size: o.chunkSize, overlap: o.chunkOverlap });
  const previous = await readFile(join(o.outDir, STAMP), 'utf8').then((s) => JSON.parse(s) as { key: string; result: SynthResult }, () => undefined);
  if (previous?.key === stampKey) return previous.result;

  await mkdir(o.outDir, { recursive: true });
  const { articles } = await readCorpus([o.sourceDir], { maxBytes: o.maxFileBytes });
  if (articles.length === 0) throw new Error(`no readable article in ${o.sourceDir}`);
  const count = (text: string) => chunkText(text, { size: o.chunkSize, overlap: o.chunkOverlap }).length;

  let chunks = 0;
  for (const a of articles) {
    await copyFile(a.file!, join(o.outDir, basename(a.file!)));
    chunks += count(a.text);
  }
  const perArticle = articles.map((a) => splitSentences(a.text));
  const pool = perArticle.flat();
  const maxCopies = o.maxCopies ?? 1000;
  let files = articles.length;
  let copies = 0;
  while (chunks < o.targetChunks && copies < maxCopies) {
    copies++;
    const shuffled = shuffle(mulberry32(o.seed * 1009 + copies), [...pool]);
    let at = 0;
    for (let i = 0; i < articles.length && chunks < o.targetChunks; i++) {
      const src = articles[i]!;
      const sentences = shuffled.slice(at, at + perArticle[i]!.length);
      at += sentences.length;
      const copy = copyMeta(src, copies, i);
      await writeFile(join(o.outDir, `s${String(copies).padStart(3, '0')}_${String(i).padStart(6, '0')}.txt`), articleFile(copy, sentences));
      chunks += count(sentences.join(''));
      files++;
    }
  }
  const result = { files, chunks, copies };
  await writeFile(join(o.outDir, STAMP), JSON.stringify({ key: stampKey, result }));
  return result;
}

function copyMeta(src: Article, copy: number, i: number) {
  return {
    title: `${src.title}（${copy}）`,
    url: `https://bench.example/synth/${copy}/${i}`,
    publishedAt: new Date(Date.parse(src.publishedAt) + copy * DAY_MS).toISOString(),
  };
}
