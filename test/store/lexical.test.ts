import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BM25, LexicalIndex, MAX_DF_SHARE } from '../../src/store/lexical.js';
import { buildLexical, LexicalBuilder } from '../../src/store/lexical-builder.js';
import { reciprocalRankFusion } from '../../src/retrieve/fusion.js';
import { tokenize } from '../../src/text/tokenize.js';
import { normalizeForMatch } from '../../src/text/normalize.js';

const docs = ['俄罗斯国防部长会见中国防长', '美国总统访问日本', '中國國防部長訪問俄羅斯', 'NATO summit in Vilnius'];
const tok = (s: string) => tokenize(normalizeForMatch(s));

describe('tokenize', () => {
  it('makes characters and overlapping bigrams of Chinese runs', () => {
    expect(tok('国防部长')).toEqual(['国', '国防', '防', '防部', '部', '部长', '长']);
    expect(tok('在 中')).toEqual(['在', '中']);
  });
  it('keeps a rare character outside the BMP whole', () => {
    expect(tok('𠮷野家')).toEqual(['𠮷', '𠮷野', '野', '野家', '家']);
  });
  it('lower-cases and stems English, drops stopwords, keeps numbers', () => {
    expect(tok('The Summits of NATO in 2023')).toEqual(['summit', 'nato', '2023']);
  });
  it('handles full-width and mixed text', () => {
    expect(tok('ＮＡＴＯ峰会２０２３')).toEqual(['nato', '峰', '峰会', '会', '2023']);
  });
});

describe('LexicalIndex', () => {
  const index = buildLexical(docs.map((d, label) => ({ label, tokens: tok(d) })));
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
  it('counts documents holding all of a phrase\'s tokens', () => {
    expect(index.dfAll(tok('国防部长').filter((t) => t.length > 1))).toBe(2);
    expect(index.dfAll(['俄罗', '美国'])).toBe(0);
    expect(index.dfAll(['国防', 'unknown'])).toBe(0);
    expect(index.dfAll(['国防'])).toBe(2);
    // Repeated calls reuse internal state without leaking counts between them.
    for (let i = 0; i < 3; i++) expect(index.dfAll(['国防', '部长', '俄罗'])).toBe(2);
  });
  it('scores with settable BM25 parameters', () => {
    const before = index.search(q('国防部长 俄罗斯'), 4);
    index.params = { k1: 2, b: 0.9 };
    const after = index.search(q('国防部长 俄罗斯'), 4);
    index.params = { ...DEFAULT_BM25 };
    expect(after[0]!.score).not.toBe(before[0]!.score);
    expect(index.search(q('国防部长 俄罗斯'), 4)).toEqual(before);
  });
  it('returns the same top k as a full sort, ties by label', () => {
    const many = buildLexical(Array.from({ length: 300 }, (_, label) => ({ label, tokens: tok(`中国${'国防'.repeat(label % 7)}部长${label % 3 ? '会见' : ''}`) })));
    const all = many.search(q('国防部长会见'), 300);
    expect(many.search(q('国防部长会见'), 25)).toEqual(all.slice(0, 25));
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.score > b.score || (a.score === b.score && a.label < b.label)).toBe(true);
    }
  });
  it('skips terms in most documents unless nothing else is left', () => {
    const common = buildLexical(['中国甲', '中国乙', '中国丙', '美国'].map((d, label) => ({ label, tokens: tok(d) })));
    // "中国" is in 3/4 documents (> MAX_DF_SHARE): only "乙" decides.
    expect(common.search(q('中国乙'), 4).map((r) => r.label)).toEqual([1]);
    // All of "中", "国", "中国" are common: they are used rather than matching nothing.
    const only = common.search(q('中国'), 4).map((r) => r.label);
    expect(only.slice(0, 3).sort()).toEqual([0, 1, 2]);
    expect(only[3]).toBe(3);
    expect(MAX_DF_SHARE).toBeLessThan(0.75);
  });
  it('round-trips through save/load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lex-'));
    await index.save(dir);
    const loaded = await LexicalIndex.load(dir);
    expect(loaded.search(q('nato summit'), 2)).toEqual(index.search(q('nato summit'), 2));
    expect(loaded.df('国防')).toBe(2);
  });
  it('updates incrementally exactly as a fresh build of the surviving documents', () => {
    const texts = Array.from({ length: 40 }, (_, i) => `${docs[i % docs.length]}${i % 5 ? '会见' : '峰会'}${i}`);
    const before = buildLexical(texts.map((d, label) => ({ label, tokens: tok(d) })));
    const removed = [0, 7, 13, 39];
    const builder = LexicalBuilder.from(before, removed);
    const added = ['北约峰会在维尔纽斯举行', '俄罗斯国防部长再次会见中国防长'];
    added.forEach((d, i) => builder.add(40 + i, tok(d)));
    const updated = builder.finish();
    const survivors = texts.map((d, label) => ({ label, tokens: tok(d) })).filter(({ label }) => !removed.includes(label));
    const fresh = buildLexical([...survivors, ...added.map((d, i) => ({ label: 40 + i, tokens: tok(d) }))]);
    expect(updated.docCount).toBe(38);
    for (const query of ['国防部长会见', '北约峰会', '美国总统 13', 'NATO summit']) {
      expect(updated.search(q(query), 10)).toEqual(fresh.search(q(query), 10));
    }
    expect(updated.df('会见')).toBe(fresh.df('会见'));
    expect(updated.search(q('峰会0'), 40).map((r) => r.label)).not.toContain(0);
  });
  it('writes an update straight from its pieces byte for byte as the assembled index would', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `${docs[i % docs.length]}第${i}号`);
    const update = () => {
      // A builder takes its previous index over, so each update starts from its own copy.
      const b = LexicalBuilder.from(buildLexical(texts.map((d, label) => ({ label, tokens: tok(d) }))), [3, 4, 20]);
      b.add(30, tok('北约峰会第3号新闻'));
      return b;
    };
    const [streamed, assembled] = await Promise.all([mkdtemp(join(tmpdir(), 'lex-s-')), mkdtemp(join(tmpdir(), 'lex-a-'))]);
    await update().save(streamed);
    await update().finish().save(assembled);
    for (const file of ['lexical.bin', 'lexical-vocab.bin']) {
      expect(await readFile(join(streamed, file))).toEqual(await readFile(join(assembled, file)));
    }
    const loaded = await LexicalIndex.load(streamed);
    expect(loaded.docCount).toBe(28);
    expect(loaded.search(q('第3号'), 5).map((r) => r.label)).toEqual(update().finish().search(q('第3号'), 5).map((r) => r.label));
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
