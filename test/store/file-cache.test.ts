import { afterEach, describe, expect, it } from 'vitest';
import { appendFile, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCorpus } from '../../src/corpus/read.js';
import { buildIndex } from '../../src/ingest/build.js';
import { fileReuse } from '../../src/store/file-cache.js';
import { LocalIndexStore } from '../../src/store/local/store.js';
import { cleanup, copySeeds, localBuildOptions, tempDir } from '../helpers/corpus.js';
import type { LocalEmbedder } from '../../src/embed/local-embedder.js';
import type { Article } from '../../src/types.js';

const dirs: string[] = [];
afterEach(async () => cleanup(...dirs.splice(0)));

async function builtCorpus() {
  const corpus = await copySeeds();
  const index = await tempDir('qa-index-');
  dirs.push(corpus, index);
  const opts = localBuildOptions(corpus, index);
  await buildIndex(opts);
  const files = (await readdir(corpus)).sort().map((f) => join(corpus, f));
  return { corpus, index, opts, files };
}

async function reuseFrom(index: string, maxBytes: number) {
  const base = (await new LocalIndexStore(index).writer({ full: false, dimensions: 1 })).base!;
  return fileReuse(base.extras?.files, maxBytes, base.articles, (id) => base.readArticle(id));
}

async function stampOf(file: string) {
  const s = await stat(file);
  return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
}

describe('file cache (incremental reads)', () => {
  /** Every field of an article as an own property. */
  const articleFields = (a: Article) => ({ id: a.id, url: a.url, title: a.title, publishedAt: a.publishedAt, source: a.source, script: a.script, text: a.text, file: a.file });

  it('gives back exactly what parsing gave, for unchanged files only', async () => {
    const { corpus, index, opts, files } = await builtCorpus();
    const parsed = await readCorpus([corpus], { maxBytes: opts.maxFileBytes });
    await appendFile(files[0]!, '\n<p>追加的一段。</p>\n');

    const reuse = await reuseFrom(index, opts.maxFileBytes);
    expect(reuse(files[0]!, await stampOf(files[0]!))).toBeUndefined();
    for (const file of files.slice(1)) {
      const earlier = reuse(file, await stampOf(file));
      const fresh = parsed.articles.find((a) => a.file === file)!;
      // Field by field: a carried article's lazy fields are getters on its class.
      expect(earlier && 'article' in earlier && articleFields(earlier.article)).toEqual(articleFields(fresh));
    }
    const again = await readCorpus([corpus], { maxBytes: opts.maxFileBytes, reuse });
    expect(again.articles.find((a) => a.file === files[0])?.text).toContain('追加的一段');
  });

  it('writes the same articles after an incremental run as a full build does', async () => {
    const { index, opts, files } = await builtCorpus();
    await appendFile(files[3]!, '\n<p>再追加一段。</p>\n');
    expect(await buildIndex(opts)).toMatchObject({ changed: 1, unchanged: 4 });
    const fullIndex = await tempDir('qa-index-');
    dirs.push(fullIndex);
    await buildIndex({ ...opts, indexDir: fullIndex, full: true });
    const articlesOf = async (dir: string) => {
      const snapshot = (await new LocalIndexStore(dir).open())!;
      const articles = await snapshot.articles((await snapshot.listArticles()).map((a) => a.id).sort());
      await snapshot.close();
      return articles;
    };
    expect(await articlesOf(index)).toEqual(await articlesOf(fullIndex));
    expect(JSON.stringify(await articlesOf(index))).toContain('再追加一段');
  });

  it('reuses nothing when made with another size limit', async () => {
    const { index, opts, files } = await builtCorpus();
    const reuse = await reuseFrom(index, opts.maxFileBytes + 1);
    expect(reuse(files[1]!, await stampOf(files[1]!))).toBeUndefined();
  });

  it('notices a same-size edit whose modification time was put back', async () => {
    const { index, opts, files } = await builtCorpus();
    const file = files[2]!;
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    const edited = text.replace(/的/, '地'); // same UTF-8 length
    expect(edited).not.toBe(text);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(file, edited);
    await utimes(file, before.atime, before.mtime);
    const summary = await buildIndex(opts);
    expect(summary).toMatchObject({ changed: 1, unchanged: 4 });
  });

  it('re-indexes a same-size edit that has a new modification time', async () => {
    const { opts, files } = await builtCorpus();
    const text = await readFile(files[1]!, 'utf8');
    const edited = text.replace(/的/, '地'); // same UTF-8 length
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    expect(edited).not.toBe(text);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(files[1]!, edited);
    expect(await buildIndex(opts)).toMatchObject({ changed: 1, unchanged: 4 });
  });

  it('re-reads a touched file whose text did not change, but neither re-embeds nor rewrites it', async () => {
    const { index, opts, files } = await builtCorpus();
    const segments = async () => (await readdir(index)).filter((n) => n.startsWith('seg-')).sort();
    const before = await segments();
    const later = new Date(Date.now() + 60_000);
    await utimes(files[2]!, later, later);
    let embedded = 0;
    const embeddings = opts.embeddings as LocalEmbedder;
    const embed = embeddings.embedMatchForm.bind(embeddings);
    embeddings.embedMatchForm = (text: string) => (embedded++, embed(text));
    expect(await buildIndex(opts)).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 5 });
    expect(embedded).toBe(0);
    expect(await segments()).toEqual(before);
    // Its new stamp is stored: the next run does not read it again.
    const reuse = await reuseFrom(index, opts.maxFileBytes);
    expect(reuse(files[2]!, await stampOf(files[2]!))).toBeDefined();
  });
});
