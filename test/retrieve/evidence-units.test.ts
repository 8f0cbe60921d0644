/**
 * Evidence units over a small made-up corpus: a Western name the dictionary lacks is
 * checked through the spelling the corpus confirms, not through the chance dictionary
 * readings of the same letters in lower case; Latin words in a Chinese question are
 * cut as a passage's are.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpander } from '../../src/app/expander.js';
import { expandQuery } from '../../src/retrieve/crosslingual.js';
import { QueryStats } from '../../src/retrieve/query-stats.js';
import { analyzeQuery, type QueryExpander } from '../../src/retrieve/query.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { tokenize } from '../../src/text/tokenize.js';
import { bm25Idf } from '../../src/util/idf.js';
import { textEvidence, unitPresence, prepareUnits } from '../../src/retrieve/relevance.js';

const CORPUS = [
  '斯通表示，新工厂将在明年投产，首批产品面向欧洲市场。',
  '工厂的核心设备来自德国，果核加工线去年停产。',
  '外交部发言人周二表示，中方欢迎峰会取得积极成果。',
  '乱石堆积的山路阻断了交通，救援队徒步进入灾区。',
];
const docs = CORPUS.map((d) => new Set(tokenize(normalizeForMatch(d))));
const df = (t: string) => docs.filter((d) => d.has(t)).length;
const lexicon = {
  docCount: docs.length,
  avgDocLength: 20,
  df,
  dfAll: (tokens: string[]) => docs.filter((d) => tokens.every((t) => d.has(t))).length,
  idf: (t: string) => bm25Idf(df(t), docs.length),
};

let expand: QueryExpander | undefined;
beforeAll(async () => {
  expand = await loadExpander();
});

describe('a name the dictionary knows only as an ordinary word', () => {
  it('expands to the transliteration the corpus confirms', () => {
    const stats = new QueryStats(lexicon);
    const e = expandQuery('What did Stone say about the factory?', { ...stats.expansion });
    const stone = e.groups!.find((g) => g.source === 'Stone')!;
    expect(stone.confirmed).toBe(true);
    expect(stone.terms.map((t) => t.text)).toEqual(['斯通']);
    // Without the corpus only the lower-case readings ("stone": 石, 果核…) are there.
    expect(e.plainGroups!.find((g) => g.source === 'Stone')!.terms.map((t) => t.text)).not.toContain('斯通');
  });

  it('is checked through that spelling: the readings of "stone" are not evidence of the name', () => {
    const units = analyzeQuery('What did Stone say about the factory?', expand, new QueryStats(lexicon)).units;
    const stone = units.filter((u) => u.label === 'Stone');
    expect(stone).toHaveLength(1);
    expect(stone[0]!.specific).toBe(true);
    expect(stone[0]!.alternatives).toContain('斯通');
    for (const reading of ['果核', '乱石', '核']) expect(stone[0]!.alternatives).not.toContain(reading);
  });
});

describe('Latin words in a Chinese question', () => {
  it('are cut as a passage cuts them, so a hyphenated designation is found where the passage has it', () => {
    const stats = new QueryStats(lexicon);
    const units = analyzeQuery('XYZ-Q-7c卫星的轨道周期是多少？', expand, stats).units.filter((u) => /[a-z0-9]/.test(u.label ?? ''));
    expect(units.every((u) => u.specific)).toBe(true);
    const passage = textEvidence(normalizeForMatch('XYZ-Q-7c卫星的轨道周期约为5.6天。'));
    expect(unitPresence(prepareUnits(stats, units), [passage])).toEqual(units.map(() => 1));
    // The same designation is not shown by a passage about another one.
    const other = textEvidence(normalizeForMatch('XYZ-R-9d卫星的轨道周期约为8天。'));
    expect(unitPresence(prepareUnits(stats, units), [other])).toContain(0);
  });
});

describe('a Western name written in Latin letters in a Chinese question', () => {
  it('is one unit, shown by the Chinese spelling the corpus confirms as by the Latin one', () => {
    const stats = new QueryStats(lexicon);
    const analysed = analyzeQuery('Stone什么时候表示新工厂将投产？', expand, stats);
    const stone = analysed.units.filter((u) => u.label === 'Stone');
    expect(stone).toHaveLength(1);
    expect(stone[0]!.specific).toBe(true);
    expect(stone[0]!.alternatives).toEqual(expect.arrayContaining(['斯通', 'stone']));
    // Searched by the Chinese spelling too.
    expect(analysed.terms.map((t) => t.term)).toContain('斯通');
    const presence = unitPresence(prepareUnits(stats, stone), [textEvidence(normalizeForMatch(CORPUS[0]!))]);
    expect(presence).toEqual([1]);
  });

  it('is read as a name however the question starts, and not at all when nothing renders it', () => {
    const stats = new QueryStats(lexicon);
    expect(analyzeQuery('Stone说了什么？', expand, stats).units.find((u) => u.label === 'Stone')?.alternatives).toContain('斯通');
    // An unknown acronym stays a literal token unit.
    const units = analyzeQuery('XQZW是什么？', expand, stats).units;
    expect(units.some((u) => u.label === 'xqzw' && u.alternatives.length === 1)).toBe(true);
  });
});

describe('question frame', () => {
  it('「说了什么」 and 「什么时候」 go whole: a report says it with any verb, and when without 时候', () => {
    const labels = (q: string) => analyzeQuery(q, expand, new QueryStats(lexicon)).units.map((u) => u.label);
    expect(labels('外交部发言人周二说了什么？')).not.toContain('说');
    expect(labels('外交部发言人周二说了什么？')).toContain('发言人');
    expect(labels('新工厂什么时候投产？')).not.toContain('时候');
  });
});
