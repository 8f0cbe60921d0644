import { beforeAll, describe, expect, it } from 'vitest';
import { expandQuery, refineWithFeedback, warmUpCrosslingual, type Expansion } from '../../src/retrieve/crosslingual.js';
import { derivationalBases, stem } from '../../src/retrieve/crosslingual/stem.js';
import { romanValue, tokenizeEnglish } from '../../src/retrieve/crosslingual/english.js';
import { loadEnDict } from '../../src/retrieve/crosslingual/dictionary.js';
import { lookupSpan } from '../../src/retrieve/crosslingual/units.js';

/** A tiny made-up news corpus: the df lookup the lexical index would provide. */
const CORPUS = [
  '外交部发言人周二在例行记者会上表示，中方欢迎峰会取得积极成果。',
  '联合国安理会周三召开紧急会议，讨论朝鲜半岛局势和人权问题。',
  '秦刚在北京会见来访的德国外长，双方就乌克兰局势交换意见。',
  '俄罗斯总统普京在莫斯科会见中国国防部长李尚福。',
  '佩斯科夫表示，克里姆林宫对谈判持开放态度。',
  '今年第一季度经济增长3.5%，出口保持稳定。',
  '该公司计划在2001年以前完成工厂的建设。',
];
const df = (term: string): number => CORPUS.filter((d) => d.includes(term)).length;
const withDf = { df, docCount: CORPUS.length };

const texts = (e: Expansion): string[] => e.terms.map((t) => t.text);
const weightOf = (e: Expansion, text: string): number => e.terms.find((t) => t.text === text)?.weight ?? 0;

beforeAll(() => {
  warmUpCrosslingual();
});

describe('expandQuery', () => {
  it('translates a news question into the words the corpus uses', () => {
    const e = expandQuery('What did the Foreign Ministry spokesman say about the summit?', withDf);
    expect(texts(e)).toEqual(expect.arrayContaining(['外交部', '发言人', '峰会']));
    // Translations the corpus lacks cannot match and are dropped.
    for (const t of e.terms) expect(df(t.text)).toBeGreaterThan(0);
  });

  it('finds the usual translations without a corpus too', () => {
    const e = expandQuery('What did the Foreign Ministry spokesman say?');
    expect(texts(e)).toEqual(expect.arrayContaining(['外交部', '发言人']));
  });

  it('translates a city by its own entry, not by an abbreviation that joins it with others', () => {
    // CC-CEDICT: 北京 "Beijing municipality, …"; 北上广 "Beijing, Shanghai and Guangzhou (abbr. for 北京 + 上海 + 广州)".
    const e = expandQuery('Who met the minister in Beijing?');
    expect(weightOf(e, '北京')).toBeGreaterThan(0);
    expect(weightOf(e, '北京')).toBeGreaterThan(weightOf(e, '北上广'));
  });

  it('reads an acronym the dictionary spells out (UK, UN) as that name, and nothing the dictionary never abbreviates', () => {
    // CC-CEDICT: 英国 "United Kingdom …" and 联合国 "United Nations" never say "UK"/"UN"; other glosses do.
    expect(weightOf(expandQuery('What did the UK say at the UN?'), '英国')).toBeGreaterThan(0);
    expect(weightOf(expandQuery('What did the UK say at the UN?'), '联合国')).toBeGreaterThan(0);
    // 汉朝 "Han Dynasty": no gloss writes "HD", so its initials are no key.
    expect(weightOf(expandQuery('Which HD channels were shown?'), '汉朝')).toBe(0);
  });

  it('reads a nationality as its country: "Swiss" finds 瑞士 through 瑞士人 "Swiss (person)"', () => {
    const e = expandQuery('What did the Swiss and Italian ministers sign?');
    expect(weightOf(e, '瑞士')).toBeGreaterThan(0);
    expect(weightOf(e, '意大利')).toBeGreaterThan(0);
  });

  it('reads an "-ing" word as itself first: "meet" is not "meeting"', () => {
    const meet = expandQuery('Who did the minister meet?');
    expect(weightOf(meet, '会见')).toBeGreaterThan(0);
    expect(weightOf(meet, '会见')).toBeGreaterThan(weightOf(meet, '会议'));
    const meeting = expandQuery('What was said at the meeting?');
    expect(weightOf(meeting, '会议')).toBeGreaterThan(weightOf(meeting, '会见'));
    // Straight from the dictionary: the verb's entries are a weaker reading of the "-ing" word, and the reverse.
    const dict = loadEnDict();
    const q = (word: string, zh: string) => lookupSpan(dict, tokenizeEnglish(word))?.find((p) => p.zh === zh)?.q ?? 0;
    expect(q('meet', '会见')).toBeGreaterThan(q('meet', '会议'));
    expect(q('meeting', '会议')).toBeGreaterThan(q('meeting', '会见'));
    expect(q('meet', '会议')).toBeGreaterThan(0);
  });

  it('matches multiword dictionary phrases before single words', () => {
    const e = expandQuery('Did the Security Council discuss human rights?');
    const council = Math.max(weightOf(e, '安理会'), weightOf(e, '安全理事会'));
    expect(council).toBeGreaterThan(0);
    expect(texts(e)).toContain('人权');
    // The phrase outweighs what "security" alone contributes.
    expect(council).toBeGreaterThan(weightOf(e, '安全'));
    expect(e.groups?.map((g) => g.source)).toEqual(expect.arrayContaining(['Security Council', 'human rights']));
  });

  it('handles plurals and inflections like their base forms', () => {
    const plural = expandQuery('sanctions against exporters');
    const singular = expandQuery('sanction against exporter');
    expect(texts(plural)).toEqual(texts(singular));
    expect(texts(expandQuery('They negotiated a ceasefire'))).toEqual(texts(expandQuery('negotiate ceasefire')));
    expect(texts(expandQuery('spokesmen'))).toContain('发言人');
  });

  it('keeps numbers, acronyms and Roman numerals as literal terms', () => {
    const e = expandQuery('Did NATO expand in 2001 when growth was 3.5%? What about Pope Benedict XVI?');
    expect(texts(e)).toEqual(expect.arrayContaining(['2001', '3.5%', 'nato', '16']));
    expect(texts(e)).toContain('北约');
  });

  it('drops stopwords and question framing', () => {
    expect(expandQuery('What is it? Who did what, when and how?').terms).toEqual([]);
    const e = expandQuery('What is the name of the river?');
    expect(e.groups?.map((g) => g.source)).toEqual(['river']);
  });

  it('weighs a specific word above a generic one', () => {
    const e = expandQuery('How do plants produce oxygen?');
    const oxygen = weightOf(e, '氧气');
    const makeGroup = e.groups?.find((g) => g.source === 'produce');
    expect(oxygen).toBeGreaterThan(0);
    expect(makeGroup).toBeDefined();
    for (const t of makeGroup!.terms) expect(t.weight).toBeLessThan(oxygen);
  });

  it('is deterministic and sorted by weight, then text', () => {
    const q = 'Which treaty did China and Russia sign with the European Union?';
    const a = expandQuery(q, withDf);
    expect(expandQuery(q, withDf)).toEqual(a);
    for (let i = 1; i < a.terms.length; i++) {
      const prev = a.terms[i - 1]!;
      const cur = a.terms[i]!;
      expect(prev.weight > cur.weight || (prev.weight === cur.weight && prev.text < cur.text)).toBe(true);
    }
  });

  it('keeps the Chinese of a mixed question, in Simplified', () => {
    const e = expandQuery('Why did 習近平 visit Moscow?');
    expect(texts(e)).toEqual(expect.arrayContaining(['习近平', '莫斯科']));
  });

  it('composes pinyin Chinese names the corpus confirms', () => {
    expect(texts(expandQuery('What did Qin Gang discuss?', withDf))).toContain('秦刚');
    // Without a corpus there is nothing to confirm the characters with.
    expect(texts(expandQuery('What did Qin Gang discuss?'))).not.toContain('秦刚');
    expect(texts(expandQuery('Whom did Putin meet?', withDf))).toContain('普京');
  });

  it('transliterates Western names the dictionary lacks, when the corpus has them', () => {
    expect(texts(expandQuery('What did Peskov say about the talks?', withDf))).toContain('佩斯科夫');
    // An approximate df cannot confirm spellings: no guessing then.
    const approx = expandQuery('What did Peskov say about the talks?', { ...withDf, approximateDf: true });
    expect(texts(approx)).not.toContain('佩斯科夫');
  });
});

describe('expandQuery work per question', () => {
  it('returns, when asked, the groups the same question gets without df, from the same pass', () => {
    for (const q of ['What did Qin Gang discuss?', 'What did Peskov say about the talks?', 'Did the Security Council discuss human rights in 2001?', 'Why did 習近平 visit Moscow?']) {
      const e = expandQuery(q, { ...withDf, plainGroups: true });
      expect(e.plainGroups).toEqual(expandQuery(q).groups);
      expect(e.terms).toEqual(expandQuery(q, withDf).terms);
    }
  });

  it('asks df only until a unit has its translations, best first', () => {
    // Everything is in this corpus, so each unit needs only its best few candidates checked.
    let calls = 0;
    const everywhere = { df: () => (calls++, 1), docCount: 100 };
    const q = 'How many people live in big cities?';
    expect(expandQuery(q, everywhere).terms).toEqual(expandQuery(q).terms);
    expect(calls).toBeLessThan(60);
  });

  it('looks a name up in the corpus once per df (one per index), however often it is asked', () => {
    let calls = 0;
    const counting = { df: (t: string) => (calls++, df(t)), docCount: CORPUS.length };
    const first = expandQuery('What did Peskov say?', counting);
    const before = calls;
    expect(expandQuery('What did Peskov say?', counting)).toEqual(first);
    expect(calls - before).toBeLessThan(before / 2);
    expect(texts(first)).toContain('佩斯科夫');
  });
});

describe('refineWithFeedback', () => {
  it('moves a word’s weight to the translation found in the top passages, keeping its total', () => {
    const first = expandQuery('Who attended the meeting?');
    const group = first.groups?.find((g) => g.source === 'meeting');
    expect(group && group.terms.length).toBeGreaterThan(1);
    const target = group!.terms[group!.terms.length - 1]!.text;
    const refined = refineWithFeedback(first, [`有关${target}的报道`]);
    const after = refined.groups?.find((g) => g.source === 'meeting');
    const sum = (g: typeof group): number => g!.terms.reduce((s, t) => s + t.weight, 0);
    expect(sum(after)).toBeCloseTo(sum(group), 6);
    const share = (g: typeof group): number => g!.terms.find((t) => t.text === target)!.weight / sum(g);
    expect(share(after)).toBeGreaterThan(share(group));
  });
});

describe('English helpers', () => {
  it('stems inflections to a shared key, and names more gently', () => {
    expect(stem('ministries')).toBe(stem('ministry'));
    expect(stem('defeated')).toBe(stem('defeat'));
    expect(stem('colour')).toBe(stem('color'));
    expect(stem('manning', true)).toBe('manning');
  });

  it('derives base words for unknown derived words', () => {
    expect(derivationalBases('babylonian')).toContain('babylon');
    expect(derivationalBases('undeveloped')).toContain('developed');
  });

  it('tokenises words, numbers and acronyms', () => {
    const toks = tokenizeEnglish("The U.S. envoy's 2-day visit cost $3,500");
    expect(toks.map((t) => t.surface)).toEqual(['The', 'US', 'envoy', '2', 'day', 'visit', 'cost', '3,500']);
    expect(toks.find((t) => t.surface === 'US')?.literal).toBe(true);
    expect(romanValue('XLIX')).toBe(49);
    expect(romanValue('MCMXCIV')).toBe(1994);
    expect(romanValue('I')).toBeUndefined();
    expect(romanValue('DC')).toBeUndefined(); // Washington DC
  });
});
