import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostings } from '../../src/store/lexical-file.js';
import { buildLexical } from '../../src/store/lexical-builder.js';
import { inMemory, Lexicon, type LexicalSegment } from '../../src/store/lexicon.js';
import type { WeightedTerm } from '../../src/store/index-store.js';
import { mulberry32, randInt, type Rng } from '../../src/util/prng.js';

/** A vocabulary with a few very common tokens and a long tail, as characters and bigrams are. */
const VOCAB = Array.from({ length: 60 }, (_, i) => `t${i}`);
const token = (rng: Rng) => VOCAB[Math.floor(VOCAB.length * rng() ** 2.5)]!;
const doc = (rng: Rng) => Array.from({ length: 3 + randInt(rng, 25) }, () => token(rng));

interface Corpus {
  segments: LexicalSegment[];
  /** Live documents by label. */
  live: Map<number, string[]>;
}

/** Segments with label gaps between them (merged-away labels) and deleted documents in some. */
function corpus(seed: number): Corpus {
  const rng = mulberry32(seed);
  const segments: LexicalSegment[] = [];
  const live = new Map<number, string[]>();
  let base = 0;
  for (const size of [120, 7, 40, 1, 25]) {
    const docs = Array.from({ length: size }, () => doc(rng));
    const gone = Uint8Array.from(docs, () => (rng() < 0.2 ? 1 : 0));
    const parts = buildLexical(docs.map((tokens, label) => ({ label, tokens }))).parts();
    segments.push({ base, parts: inMemory(parts), gone: gone.includes(1) ? gone : undefined });
    docs.forEach((tokens, i) => gone[i] || live.set(base + i, tokens));
    base += size + randInt(rng, 30);
  }
  return { segments, live };
}

const query = (rng: Rng): WeightedTerm[] => [...new Set(Array.from({ length: 1 + randInt(rng, 8) }, () => token(rng)))].map((term) => ({ term, weight: 0.2 + rng() }));

describe('Lexicon over several segments', () => {
  it('scores exactly as one segment built from the live documents', () => {
    for (const seed of [1, 2, 3]) {
      const { segments, live } = corpus(seed);
      const joint = new Lexicon(segments);
      const single = buildLexical([...live].map(([label, tokens]) => ({ label, tokens })));
      expect(joint.docCount).toBe(live.size);
      const rng = mulberry32(seed * 7);
      for (let i = 0; i < 200; i++) {
        const q = query(rng);
        const limit = 1 + randInt(rng, 40);
        expect(joint.search(q, limit)).toEqual(single.search(q, limit));
        for (const { term } of q) expect(joint.df(term)).toBe(single.df(term));
      }
    }
  });

  it('counts live documents holding every term of a phrase', () => {
    const { segments, live } = corpus(4);
    const joint = new Lexicon(segments);
    const rng = mulberry32(5);
    for (let i = 0; i < 300; i++) {
      const terms = Array.from({ length: 1 + randInt(rng, 4) }, () => (rng() < 0.05 ? 'absent' : token(rng)));
      const expected = [...live.values()].filter((tokens) => terms.every((t) => tokens.includes(t))).length;
      expect(joint.dfAll(terms)).toBe(expected);
    }
  });

  it('reuses its accumulator: a search after many others equals the same search on a fresh lexicon', () => {
    const { segments } = corpus(6);
    const reused = new Lexicon(segments);
    const rng = mulberry32(8);
    const queries = Array.from({ length: 100 }, () => query(rng));
    const accept = (label: number) => label % 3 !== 0;
    for (const [i, q] of queries.entries()) {
      const filter = i % 4 === 0 ? accept : undefined;
      expect(reused.search(q, 10, filter)).toEqual(new Lexicon(segments).search(q, 10, filter));
      reused.dfAll(q.map((t) => t.term));
    }
  });

  it('follows changed BM25 parameters', () => {
    const { segments, live } = corpus(9);
    const joint = new Lexicon(segments);
    const single = buildLexical([...live].map(([label, tokens]) => ({ label, tokens })));
    const q = query(mulberry32(10));
    joint.params = { k1: 2, b: 0.9 };
    single.params = { k1: 2, b: 0.9 };
    expect(joint.search(q, 20)).toEqual(single.search(q, 20));
  });

  it('reads postings from the file on demand exactly as held in memory', async () => {
    const { segments } = corpus(11);
    const dirs = await Promise.all(segments.map(() => mkdtemp(join(tmpdir(), 'lexicon-'))));
    try {
      const files = await Promise.all(segments.map(async (s, i) => {
        await buildLexical(segmentDocs(s)).save(dirs[i]!);
        return openPostings(dirs[i]!);
      }));
      const fromFiles = new Lexicon(segments.map((s, i) => ({ ...s, parts: files[i]! })));
      const inMemory = new Lexicon(segments);
      const rng = mulberry32(12);
      for (let i = 0; i < 100; i++) {
        const q = query(rng);
        expect(fromFiles.search(q, 15)).toEqual(inMemory.search(q, 15));
        expect(fromFiles.dfAll(q.map((t) => t.term))).toBe(inMemory.dfAll(q.map((t) => t.term)));
      }
      files.forEach((f) => f.close());
    } finally {
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    }
  });
});

/** A segment's documents back as tokens (each posting's term, tf times), to write it out again. */
function segmentDocs(s: LexicalSegment): { label: number; tokens: string[] }[] {
  const { vocab, offsets, docLen } = s.parts;
  const docs = Array.from(docLen, (): string[] => []);
  for (let t = 0; t < vocab.size; t++) {
    const { docs: ids, tfs } = s.parts.read(offsets[t]!, offsets[t + 1]!);
    ids.forEach((doc, i) => docs[doc]!.push(...Array<string>(tfs[i]!).fill(vocab.term(t))));
  }
  return docs.map((tokens, label) => ({ label, tokens })).filter((d) => d.tokens.length > 0);
}
