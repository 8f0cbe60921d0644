import { describe, expect, it } from 'vitest';
import { LocalEmbedder, LOCAL_MODEL, type LocalEmbedderState } from '../../src/embed/local-embedder.js';
import { rightSingularBasis } from '../../src/embed/lsa.js';
import { LexicalBuilder } from '../../src/store/lexical-builder.js';
import { featureCorpus } from '../../src/ingest/lexical-features.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { tokenize } from '../../src/text/tokenize.js';

const TEXTS = [
  '大熊猫主要分布在四川的山区竹林中，以竹子为主要食物。',
  '熊猫每天进食竹子的时间很长，栖息地在山区。',
  '上海地铁1号线于1993年开通，是中国大陆第三条地铁线路。',
  '地铁线路贯穿城市南北，每天运送大量乘客。',
  '围棋起源于中国，棋盘由纵横各十九条线组成。',
  '黑白双方轮流落子，围棋以围地多少决定胜负。',
];

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

function fitted(): LocalEmbedder {
  const e = new LocalEmbedder();
  e.fit(TEXTS);
  return e;
}

describe('LocalEmbedder', () => {
  it('embeds to unit vectors of the configured size', () => {
    const v = fitted().embedText('熊猫吃竹子');
    expect(v).toHaveLength(256);
    expect(dot(v, v)).toBeCloseTo(1, 6);
  });
  it('is deterministic: two fits on the same texts give the same state', () => {
    expect(fitted().state()).toEqual(fitted().state());
  });
  it('embeds after a reload exactly as after the fit (incremental builds rely on it)', () => {
    const a = fitted();
    const state = JSON.parse(JSON.stringify(a.state())) as LocalEmbedderState;
    const b = new LocalEmbedder({ state });
    for (const t of ['熊猫吃竹子', TEXTS[2]!, 'NATO summit 2023']) expect(b.embedText(t)).toEqual(a.embedText(t));
  });
  it('folds Traditional to Simplified before embedding', () => {
    const e = fitted();
    expect(e.embedText('臺灣颱風與烏龍茶')).toEqual(e.embedText('台湾台风与乌龙茶'));
  });
  it('ranks a related text above unrelated ones', () => {
    const e = fitted();
    const q = e.embedText('熊猫的食物是什么');
    const scores = TEXTS.map((t) => dot(q, e.embedText(t)));
    expect(scores.indexOf(Math.max(...scores))).toBeLessThan(2);
  });
  it('refuses state written by another model version with a re-index hint', () => {
    const state = { ...fitted().state(), model: 'hash-ngram-tfidf-v1' };
    expect(() => new LocalEmbedder({ state })).toThrow(/re-index/);
    expect(LOCAL_MODEL).not.toBe('hash-ngram-tfidf-v1');
  });
  it('fits and embeds from lexical tokens exactly as from text (the indexer tokenises once for both)', () => {
    const lexical = LexicalBuilder.empty();
    TEXTS.forEach((t, i) => lexical.add(i, tokenize(normalizeForMatch(t))));
    const fromTokens = new LocalEmbedder();
    const corpus = featureCorpus(lexical);
    fromTokens.fitCorpus(corpus);
    const fromText = fitted();
    expect(fromTokens.state()).toEqual(fromText.state());
    TEXTS.forEach((t, i) => {
      const a = fromTokens.embedDoc(corpus, i);
      const b = fromText.embedText(t);
      a.forEach((x, j) => expect(x).toBeCloseTo(b[j]!, 12));
    });
  });
  it('still embeds before any fit (sparse part only)', () => {
    const v = new LocalEmbedder().embedText('熊猫');
    expect(dot(v, v)).toBeCloseTo(1, 6);
  });
});

describe('rightSingularBasis', () => {
  it('returns orthonormal columns spanning the dominant directions', () => {
    // Two clear topics of different strength over 6 columns: rows use columns {0,1,2} (weight 2) or {3,4,5}.
    const rows = [[0, 1, 2], [0, 1], [1, 2], [3, 4, 5], [3, 4], [4, 5]];
    const rowPtr = [0];
    const cols: number[] = [];
    for (const r of rows) {
      cols.push(...r);
      rowPtr.push(cols.length);
    }
    const basis = rightSingularBasis(
      { rowPtr: Uint32Array.from(rowPtr), cols: Uint32Array.from(cols), vals: Float32Array.from(cols, (c) => (c < 3 ? 2 : 1)), width: 6 }, 2, { seed: 5 },
    );
    const col = (j: number) => Array.from({ length: 6 }, (_, c) => basis[c * 2 + j]!);
    const [u, v] = [col(0), col(1)];
    expect(dot(u, u)).toBeCloseTo(1, 6);
    expect(dot(v, v)).toBeCloseTo(1, 6);
    expect(dot(u, v)).toBeCloseTo(0, 6);
    // The stronger topic comes first; each direction lives on one topic's columns.
    const onFirst = (w: number[]) => w.slice(0, 3).reduce((s, x) => s + x * x, 0);
    expect(onFirst(u)).toBeCloseTo(1, 6);
    expect(onFirst(v)).toBeCloseTo(0, 6);
  });
});
