import { afterEach, describe, expect, it } from 'vitest';
import { readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIndex } from '../../src/ingest/build.js';
import { readCurrentVersion } from '../../src/store/layout.js';
import { LocalEmbedder, type Feature, type FeatureCorpus } from '../../src/embed/local-embedder.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { cleanup, copySeeds, localBuildOptions, tempDir } from '../helpers/corpus.js';

/** Records what gets embedded, so tests can tell re-embedding from reuse. */
class CountingEmbedder extends LocalEmbedder {
  /** One entry per embedded chunk: its tokens, joined (full builds embed through embedDoc, incremental ones through embedFeatures). */
  embedded: string[] = [];
  failAfter = Infinity;
  override embedFeatures(features: Feature[]): number[] {
    this.record(features.map((f) => f.key));
    return super.embedFeatures(features);
  }
  override embedDoc(corpus: FeatureCorpus, i: number): number[] {
    this.record(Array.from(corpus.doc(i).ids, (id) => corpus.terms.key(id)));
    return super.embedDoc(corpus, i);
  }
  private record(keys: string[]): void {
    if (this.embedded.length + 1 > this.failAfter) throw new Error('embedder exploded');
    this.embedded.push(keys.join(' '));
  }
}

const dirs: string[] = [];
afterEach(async () => cleanup(...dirs.splice(0)));

async function setup() {
  const corpus = await copySeeds();
  const index = await tempDir('qa-index-');
  dirs.push(corpus, index);
  const embeddings = new CountingEmbedder();
  return { corpus, index, embeddings, opts: () => localBuildOptions(corpus, index, { embeddings, batchSize: 8 }) };
}

describe('buildIndex', () => {
  it('indexes the seeds and reports counts', async () => {
    const { opts, embeddings } = await setup();
    const s = await buildIndex(opts());
    expect(s).toMatchObject({ articles: 5, added: 5, changed: 0, removed: 0, unchanged: 0, skipped: [] });
    expect(s.chunks).toBe(embeddings.embedded.length);
  });

  it('re-embeds only added and changed articles and drops deleted ones', async () => {
    const { corpus, index, opts, embeddings } = await setup();
    const first = await buildIndex(opts());
    embeddings.embedded = [];

    const files = (await readdir(corpus)).sort();
    const changedFile = join(corpus, files[0]!);
    const changed = (await readFile(changedFile, 'utf8')).replace('</p>', '新增一句关于测试的句子。</p>');
    await writeFile(changedFile, changed);
    await rm(join(corpus, files[1]!));
    const added = (await readFile(join(corpus, files[2]!), 'utf8')).replace(/\]\((https?:\/\/[^)]+)\)/, '](https://example.org/new-article)');
    await writeFile(join(corpus, 'zz-new.txt'), added);

    const second = await buildIndex(opts());
    expect(second).toMatchObject({ articles: 5, added: 1, changed: 1, removed: 1, unchanged: 3 });
    expect(embeddings.embedded.length).toBeGreaterThan(0);
    expect(embeddings.embedded.length).toBeLessThan(first.chunks);
    // The changed sentence's bigrams are among what was re-embedded.
    expect(embeddings.embedded.some((t) => t.split(' ').includes('句关') && t.split(' ').includes('测试'))).toBe(true);

    const kb = await openKnowledgeBase(index);
    expect(kb.stats().articles).toBe(5);
    expect(kb.getArticle('https://example.org/new-article')).toBeDefined();
    const hits = await kb.search('新增一句关于测试的句子', { k: 1 });
    expect(hits[0]?.passages[0]?.text).toContain('新增一句关于测试的句子');

    embeddings.embedded = [];
    const third = await buildIndex(opts());
    expect(third).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 5 });
    expect(embeddings.embedded).toEqual([]);

    await buildIndex({ ...opts(), full: true });
    expect(embeddings.embedded.length).toBe(third.chunks);
  });

  it('leaves the served index intact when a re-index fails midway', async () => {
    const { corpus, index, opts, embeddings } = await setup();
    await buildIndex(opts());
    const before = await readCurrentVersion(index);
    await writeFile(join(corpus, 'extra.txt'), '<!--1700000000000-->\n[新文章](https://example.org/extra)\n------\n<p>' + '这是一个很长的测试段落。'.repeat(100) + '</p>');
    embeddings.embedded = [];
    embeddings.failAfter = 4;
    await expect(buildIndex(opts())).rejects.toThrow('embedder exploded');
    expect(await readCurrentVersion(index)).toBe(before);
    expect((await readdir(index)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const kb = await openKnowledgeBase(index);
    const hits = await kb.search('李尚福', { k: 1 });
    expect(hits.length).toBe(1);
  });

  it('rebuilds from scratch when the served segment\'s vectors are unreadable (opening says to run --full)', async () => {
    const { index, opts } = await setup();
    await buildIndex(opts());
    const segment = (await readdir(index)).find((n) => n.startsWith('seg-'))!;
    // A small segment's vectors are flat (vectors.f32), a large one's a graph (hnswlib.index): either is damaged here.
    const vectors = (await readdir(join(index, segment))).filter((n) => n === 'vectors.f32' || n === 'hnswlib.index');
    expect(vectors).toHaveLength(1);
    await writeFile(join(index, segment, vectors[0]!), 'garbage');
    await expect(openKnowledgeBase(index)).rejects.toThrow(/^the index in .* cannot be read \(seg-[^\n]*: rebuild it with `npm run index -- --full`$/);
    const again = await buildIndex(opts());
    expect(again).toMatchObject({ articles: 5, added: 5, unchanged: 0 });
    const hits = await (await openKnowledgeBase(index)).search('李尚福', { k: 1 });
    expect(hits[0]?.passages[0]?.text).toContain('李尚福');
  });

  it('survives a leftover half-written version from a killed run', async () => {
    const { index, opts } = await setup();
    await buildIndex(opts());
    const before = await readCurrentVersion(index);
    const junk = join(index, 'v-99999999-killed-1-abcd.tmp');
    await mkdir(junk);
    await writeFile(join(junk, 'hnswlib.index'), 'garbage');
    expect(await readCurrentVersion(index)).toBe(before);
    expect((await openKnowledgeBase(index)).stats().articles).toBe(5);
    await buildIndex(opts());
    expect(await readdir(index)).not.toContain('v-99999999-killed-1-abcd.tmp');
  });

  it('skips broken files, reports them, and still builds', async () => {
    const { corpus, opts } = await setup();
    await writeFile(join(corpus, 'bad-header.txt'), 'no header here');
    await writeFile(join(corpus, 'bad-url.txt'), '<!--1700000000000-->\n[t](ftp://x)\n------\n<p>正文</p>');
    const s = await buildIndex(opts());
    expect(s.articles).toBe(5);
    expect(s.skipped.map((x) => x.file.split('/').pop()).sort()).toEqual(['bad-header.txt', 'bad-url.txt']);
    expect(s.skipped.find((x) => x.file.endsWith('bad-url.txt'))?.reason).toMatch(/^bad URL/);
  });

  it('refuses a corpus with nothing indexable', async () => {
    const corpus = await tempDir();
    const index = await tempDir();
    dirs.push(corpus, index);
    await writeFile(join(corpus, 'a.txt'), 'garbage');
    await expect(buildIndex(localBuildOptions(corpus, index))).rejects.toThrow(/no article could be indexed/);
  });
});
