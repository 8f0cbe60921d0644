import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LexicalIndex } from '../../src/retrieve/lexical.js';
import { reciprocalRankFusion } from '../../src/retrieve/fusion.js';
import { tokenize } from '../../src/text/tokenize.js';
import { normalizeForMatch } from '../../src/text/normalize.js';

const docs = ['俄罗斯国防部长会见中国防长', '美国总统访问日本', '中國國防部長訪問俄羅斯', 'NATO summit in Vilnius'];
const tok = (s: string) => tokenize(normalizeForMatch(s));

describe('tokenize', () => {
  it('makes character bigrams of Chinese runs and keeps lone characters', () => {
    expect(tok('国防部长')).toEqual(['国防', '防部', '部长']);
    expect(tok('在 中')).toEqual(['在', '中']);
  });
  it('lower-cases and stems English, drops stopwords, keeps numbers', () => {
    expect(tok('The Summits of NATO in 2023')).toEqual(['summit', 'nato', '2023']);
  });
  it('handles full-width and mixed text', () => {
    expect(tok('ＮＡＴＯ峰会２０２３')).toEqual(['nato', '峰会', '2023']);
  });
});

describe('LexicalIndex', () => {
  const index = LexicalIndex.build(docs.map((d, label) => ({ label, tokens: tok(d) })));
  const q = (s: string) => tok(s).map((term) => ({ term, weight: 1 }));

  it('ranks the document sharing the rarest terms first', () => {
    expect(index.search(q('美国总统'), 3)[0]?.label).toBe(1);
  });
  it('matches Traditional and Simplified alike after normalisation', () => {
    const labels = index.search(q('國防部長 俄羅斯'), 4).map((r) => r.label);
    expect(labels.slice(0, 2).sort()).toEqual([0, 2]);
  });
  it('honours a filter', () => {
    expect(index.search(q('国防部长'), 4, (l) => l !== 0).map((r) => r.label)).not.toContain(0);
  });
  it('round-trips through save/load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lex-'));
    await index.save(dir);
    const loaded = await LexicalIndex.load(dir);
    expect(loaded.search(q('nato summit'), 2)).toEqual(index.search(q('nato summit'), 2));
    expect(loaded.df('国防')).toBe(2);
  });
});

describe('reciprocalRankFusion', () => {
  it('rewards items ranked well in both lists', () => {
    const fused = reciprocalRankFusion([
      { items: [{ label: 1 }, { label: 2 }, { label: 3 }], weight: 1 },
      { items: [{ label: 4 }, { label: 2 }, { label: 5 }], weight: 1 },
    ]);
    const order = [...fused].sort((a, b) => b[1] - a[1]).map(([l]) => l);
    expect(order[0]).toBe(2);
    expect(order.slice(-2).sort()).toEqual([3, 5]);
  });
});
