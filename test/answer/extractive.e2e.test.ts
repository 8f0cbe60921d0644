import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { loadExpander } from '../../src/app/expander.js';
import { openKnowledgeBase, IndexMismatchError, type LoadedKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { buildSeedsIndex, cleanup, tempDir } from '../helpers/corpus.js';

let index: string;
let kb: LoadedKnowledgeBase;
let answerer: ExtractiveAnswerer;

beforeAll(async () => {
  index = await tempDir('qa-e2e-');
  await buildSeedsIndex(index);
  kb = await openKnowledgeBase(index);
  answerer = new ExtractiveAnswerer(() => kb, { k: 5, minRelevance: 0.35 });
});
afterAll(() => cleanup(index));

describe('extractive answers over the seeds', () => {
  it('answers a Simplified question with the sentence and a citation of the right article', async () => {
    const a = await answerer.ask('普京在会见中国国防部长时说了什么？');
    expect(a.grounded).toBe(true);
    expect(a.language).toBe('zh-Hans');
    expect(a.mode).toBe('extractive');
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.answer).toMatch(/\[1\]/);
    expect(a.citations[0]?.url).toMatch(/^https:\/\//);
  });

  it('finds a Traditional article from a Simplified question and answers in the asker script', async () => {
    const a = await answerer.ask('李尚福在莫斯科会晤了哪位俄国防长？');
    expect(a.grounded).toBe(true);
    expect(a.citations.some((c) => c.url.includes('dw.com'))).toBe(true);
    expect(a.answer).toContain('绍伊古');
  });

  it('answers a Traditional question in Traditional script', async () => {
    const a = await answerer.ask('俄羅斯艦艇在哪裡巡弋？');
    expect(a.language).toBe('zh-Hant');
    expect(a.grounded).toBe(true);
    expect(a.answer).toMatch(/根據資料庫/);
  });

  it('refuses plainly when the corpus has no answer', async () => {
    const a = await answerer.ask('苹果公司明年发布的新手机售价多少钱？');
    expect(a.grounded).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.answer).toContain('没有');
    const en = await answerer.ask('What is the recipe for apple pie?');
    expect(en.grounded).toBe(false);
    expect(en.answer).toMatch(/do not contain/);
  });

  it('filters search by outlet and date', async () => {
    const dw = await kb.search('中俄 防长', { k: 5, source: 'dw' });
    expect(dw.length).toBeGreaterThan(0);
    expect(dw.every((h) => h.article.source === '德国之声')).toBe(true);
    const none = await kb.search('中俄 防长', { k: 5, from: '2030-01-01' });
    expect(none).toEqual([]);
  });

  it('looks up articles by id or URL and autocompletes titles in either script', async () => {
    const hit = (await kb.search('李尚福', { k: 1 }))[0]!;
    expect(kb.getArticle(hit.article.id)?.url).toBe(hit.article.url);
    expect(kb.getArticle(hit.article.url)?.lead.length).toBeGreaterThan(0);
    expect(kb.getArticle('../../etc/passwd')).toBeUndefined();
    expect(kb.findTitles('中俄防長').length).toBeGreaterThan(0);
    expect(kb.findTitles('中俄防长').length).toBeGreaterThan(0);
  });

  it('refuses to query with a different embedder than the index was built with', async () => {
    await expect(openKnowledgeBase(index, { embedderInfo: { kind: 'openai', model: 'text-embedding-3-small', dimensions: 1536 } })).rejects.toThrow(IndexMismatchError);
    await expect(openKnowledgeBase(index, { embedderInfo: { kind: 'openai', model: 'x', dimensions: 3 } })).rejects.toThrow(/re-index/);
  });
});

describe('English questions answered offline', () => {
  // As the app opens it: English expansion, the default bar (MIN_RELEVANCE 0.3).
  let withExpander: LoadedKnowledgeBase;
  beforeAll(async () => {
    withExpander = await openKnowledgeBase(index, { expand: await loadExpander() });
  });
  const english = () => new ExtractiveAnswerer(() => withExpander, { k: 5 });
  it('the asked-for thing first, then the quotes with names and dates glossed; the lead says there is no translation', async () => {
    const a = await english().ask('When did Li Shangfu visit Belarus?');
    expect(a.grounded).toBe(true);
    const [short, lead, ...quotes] = a.answer.split('\n');
    expect(short).toMatch(/^The best quote \[1\] gives the time: .*14–19 August \(8月14日至19日\)/);
    expect(lead).toMatch(/^The articles say, in Chinese \(there is no translation offline/);
    expect(quotes.join('\n')).toContain('李尚福 [Li Shangfu]于8月14日至19日 [14–19 August]赴俄罗斯出席');
    for (const q of quotes) expect(q).toMatch(/\[\d\]$/);
  });

  it('no short line when the best quote holds nothing of the asked-for kind that the dictionary knows; never an invented gloss', async () => {
    const a = await english().ask('What did Qin Gang say to Baerbock?');
    expect(a.answer.split('\n')[0]).toMatch(/^The articles say, in Chinese/);
    expect(a.answer).toContain('秦剛 [Qin Gang]');
    expect(a.answer).not.toMatch(/Baerbock\]（ ?Baerbock/);
  });
});

describe('the short English line', () => {
  it('never offers the person a quote comes from (「吴谦还表示」) as whom a "who did … meet" question asks about', async () => {
    const { englishExtractive } = await import('../../src/answer/english-offline.js');
    const passage = { chunkId: 'c', article: {} as never, text: '', score: 1 };
    const quote = (sentence: string) => englishExtractive('Who did Li Shangfu meet in Moscow?', [{ sentence, passage }], () => 1).split('\n')[0];
    expect(quote('吴谦还表示，在俄期间，李尚福将会见俄罗斯国防部高层官员；')).toMatch(/^The articles say/);
    expect(quote('吴谦8月14日介绍，李尚福将会见俄罗斯国防部高层官员。')).toMatch(/^The articles say/);
    expect(quote('李尚福会见了俄罗斯总统普京。')).toBe('The best quote [1] names: Vladimir Putin (普京)');
    expect(englishExtractive('Who said China would not supply weapons?', [{ sentence: '吴谦表示，中国不会提供武器。', passage }], () => 1).split('\n')[0]).toBe('The best quote [1] names: Wu Qian (吴谦)');
  });
});

describe('what an extractive answer quotes', () => {
  const passage = (chunkId: string) => ({ chunkId, article: {} as never, text: '', score: 1 });
  const window = (hit: number, sentences: string[], coverage: number) => ({ hit, passage: passage(`c${hit}`), sentences, coverage });

  it('the best supporting window, whole: its second sentence may be the one that answers', async () => {
    const { supportedSentences } = await import('../../src/answer/extractive.js');
    // As the assessment orders them: best first.
    const support = [
      window(0, ['黄足笛鲷是一种鱼。', '体延长而侧扁，近似椭圆形。'], 0.9),
      window(1, ['一篇后来的报道回顾了这种鱼。'], 0.9),
      window(0, ['黄足笛鲷是一种鱼。'], 0.6),
    ];
    expect(supportedSentences(support, 3).map((c) => c.sentence)).toEqual(['黄足笛鲷是一种鱼。', '体延长而侧扁，近似椭圆形。']);
    expect(supportedSentences([], 3)).toEqual([]);
  });

  it('a Traditional question asks for the same kind of thing as its Simplified twin', async () => {
    for (const [hant, hans] of [['普京對李尚福說了什麼？', '普京对李尚福说了什么？'], ['誰接待了李尚福？', '谁接待了李尚福？'], ['李尚福什麼時候訪問白俄羅斯？', '李尚福什么时候访问白俄罗斯？']]) {
      const type = (q: string) => kb.assess(q, [], 0.35).type;
      expect(type(hant!)).toBe(type(hans!));
      expect(type(hant!)).not.toBe('other');
    }
  });

  it('a sentence that puts its event at another place does not answer what happened at the asked one', async () => {
    const a = await answerer.ask('李尚福在莫斯科会见了谁？');
    expect(a.answer).not.toContain('在北京会见');
  });

  it('the short English line takes the asked-for thing from whichever quoted sentence holds it', async () => {
    const { englishExtractive } = await import('../../src/answer/english-offline.js');
    const p = passage('c');
    const lines = englishExtractive('Who did Li Shangfu meet in Moscow?', [{ sentence: '国防部长李尚福周日起出访俄罗斯。', passage: p }, { sentence: '李尚福会见了俄罗斯总统普京。', passage: p }], () => 1).split('\n');
    expect(lines[0]).toBe('The best quote [1] names: Vladimir Putin (普京)');
    expect(lines).toHaveLength(4);
  });
});
