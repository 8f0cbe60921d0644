import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildIndex } from '../../src/ingest/build.js';
import { DEFAULT_TUNING, hybridSearch, stripQuestionFrame, type QueryExpander } from '../../src/retrieve/hybrid.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { calibrate, CALIBRATED_POINT, OPERATING_POINT } from '../../src/retrieve/relevance.js';
import { cleanup, localBuildOptions, tempDir } from '../helpers/corpus.js';

/** Six short articles of our own, three in each script. */
const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'scripts-corpus');
const url = (name: string) => `https://example.test/${name}`;

/** A stand-in for the CC-CEDICT expander: fixed translations per English word, grouped. */
const GLOSSARY: Record<string, [string, number][]> = {
  panda: [['熊猫', 0.8], ['猫', 0.2]],
  eat: [['食物', 0.5], ['进食', 0.5]],
  bamboo: [['竹子', 1]],
  tesla: [['特斯拉', 1]],
  sell: [['销售', 0.6], ['卖', 0.4]],
  car: [['汽车', 0.7], ['车', 0.3]],
};
const expand: QueryExpander = (question) => {
  const groups = question.toLowerCase().match(/[a-z]+/g)!.flatMap((w) => {
    const key = w.replace(/s$/, '');
    return GLOSSARY[key] ? [{ source: w, terms: GLOSSARY[key]!.map(([text, weight]) => ({ text, weight })) }] : [];
  });
  return { terms: groups.flatMap((g) => g.terms), groups };
};

let index: string;
let kb: LoadedKnowledgeBase;
beforeAll(async () => {
  index = await tempDir('qa-scripts-');
  await buildIndex(localBuildOptions(CORPUS, index));
  kb = await openKnowledgeBase(index, { expand });
});
afterAll(() => cleanup(index));

const LEXICAL = { ...DEFAULT_TUNING, useVector: false };
const VECTOR = { ...DEFAULT_TUNING, useLexical: false };
const top = async (q: string, tuning = DEFAULT_TUNING) => (await hybridSearch(kb, q, { k: 3 }, expand, tuning))[0];

describe('Simplified and Traditional find each other', () => {
  const cases: [string, string][] = [
    ['台湾第一条中运量捷运系统是哪条线？', 'metro-taipei'],
    ['台风苏迪勒造成了什么损失？', 'typhoon'],
    ['乌龙茶主要产于哪里？', 'oolong'],
    ['上海地鐵1號線何時開通？', 'metro-shanghai'],
    ['大熊貓以什麼為主要食物？', 'panda'],
    ['圍棋棋盤由幾條線組成？', 'weiqi'],
  ];
  for (const [question, article] of cases) {
    it(`${question} → ${article} (lexical, vector and hybrid)`, async () => {
      expect((await top(question, LEXICAL))?.article.url).toBe(url(article));
      expect((await top(question, VECTOR))?.article.url).toBe(url(article));
      expect((await top(question))?.article.url).toBe(url(article));
    });
  }
});

describe('relevance', () => {
  it('is high for a question the corpus answers and low for one it does not', async () => {
    expect((await top('台风苏迪勒在哪一年登陆台湾？'))!.relevance).toBeGreaterThanOrEqual(CALIBRATED_POINT);
    const unrelated = await hybridSearch(kb, '特斯拉2023年在中国卖了多少辆车？', { k: 5 }, expand);
    expect(unrelated.every((h) => h.relevance < CALIBRATED_POINT)).toBe(true);
  });
  it('puts English questions on the same scale through their translations', async () => {
    const hit = await top('What do giant pandas eat besides bamboo?');
    expect(hit?.article.url).toBe(url('panda'));
    expect(hit!.relevance).toBeGreaterThanOrEqual(CALIBRATED_POINT);
    const unrelated = await hybridSearch(kb, 'How many cars did Tesla sell?', { k: 5 }, expand);
    expect(unrelated.every((h) => h.relevance < CALIBRATED_POINT)).toBe(true);
  });
  it('maps each language\'s operating point to the one threshold, monotonically', () => {
    for (const english of [false, true]) {
      const t = english ? OPERATING_POINT.english : OPERATING_POINT.chinese;
      expect(calibrate(t, english)).toBeCloseTo(CALIBRATED_POINT);
      expect(calibrate(0, english)).toBe(0);
      expect(calibrate(1, english)).toBeCloseTo(1);
      expect(calibrate(t / 2, english)).toBeLessThan(calibrate(t, english));
      expect(calibrate((1 + t) / 2, english)).toBeGreaterThan(CALIBRATED_POINT);
    }
  });
});

describe('hybridSearch', () => {
  it('returns the same leading articles whatever k (the answerer asks for fewer than eval)', async () => {
    for (const q of ['捷运系统和地铁线路', 'What do pandas eat?']) {
      const ten = await hybridSearch(kb, q, { k: 10 }, expand);
      const two = await hybridSearch(kb, q, { k: 2 }, expand);
      expect(two).toEqual(ten.slice(0, 2));
    }
  });
  it('drops interrogatives from the question before matching', () => {
    expect(stripQuestionFrame('乌龙茶主要产于哪里？').includes('哪里')).toBe(false);
    expect(stripQuestionFrame('谁设计了什么教堂')).toBe(' 设计了 教堂');
    expect(stripQuestionFrame('几何学')).toBe('几何学');
  });
});
