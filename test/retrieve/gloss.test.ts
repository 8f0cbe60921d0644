/** English glosses of a Chinese sentence: only what the dictionary, the article or the pinyin of a Chinese name know. */
import { describe, expect, it } from 'vitest';
import { glossSentence, pinyinName, withGlosses } from '../../src/retrieve/crosslingual/gloss.js';

const glossed = (s: string, context?: string) => withGlosses(s, glossSentence(s, context));

describe('glossSentence', () => {
  it('names from CC-CEDICT, Chinese names in pinyin, dates and weekdays from their shape (a seeds sentence)', () => {
    const s = '近期两艘俄罗斯舰艇被发现在日本冲绳岛附近海域巡弋后，中国国务委员兼国防部长李尚福周一（7月3日）在北京会见俄罗斯海军总司令。';
    expect(glossed(s)).toBe('近期两艘俄罗斯 [Russia]舰艇被发现在日本 [Japan]冲绳岛 [Okinawa Island]附近海域巡弋后，中国 [China]国务委员兼国防部长李尚福 [Li Shangfu]周一 [Monday]（7月3日 [3 July]）在北京 [Beijing]会见俄罗斯 [Russia]海军总司令。'.replace('俄罗斯 [Russia]海军', '俄罗斯海军'));
    expect(glossSentence(s).find((g) => g.zh === '李尚福')).toMatchObject({ en: 'Li Shangfu', kind: 'person' });
  });

  it('date ranges, months and 万/亿 amounts', () => {
    expect(glossSentence('李尚福于8月14日至19日赴俄罗斯').map((g) => g.en)).toContain('14–19 August');
    expect(glossSentence('他四月出任防长').map((g) => g.en)).toContain('April');
    expect(glossSentence('损失达3.5亿元，涉及2万人').map((g) => g.en)).toEqual(['350 million', '20,000']);
  });

  it('a foreign name only as the article spells it, and not twice when it is spelled right after', () => {
    const context = '首日会见了俄罗斯总统普京与国防部长绍伊古（Sergey Shoigu）。';
    expect(glossed('应俄罗斯国防部长绍伊古邀请', context)).toBe('应俄罗斯 [Russia]国防部长绍伊古 [Sergey Shoigu]邀请');
    expect(glossed(context)).toBe('首日会见了俄罗斯 [Russia]总统普京 [Vladimir Putin]与国防部长绍伊古（Sergey Shoigu）。');
  });

  it('never guesses: a name split by the segmenter, a transliterated name, a dictionary word, part of a name stay unglossed', () => {
    // 赫|列宁 is not Lenin, 贝尔|伯克 not Bell; 绍伊古 has no spelling here; 蓝图 is a word; 李尚 is part of 李尚福.
    for (const s of ['白俄罗斯国防部长赫列宁邀请', '德国外长贝尔伯克会谈', '国防部长绍伊古表示', '合作蓝图', '李尚福将会见']) {
      const en = glossSentence(s).map((g) => g.en);
      expect(en.filter((e) => /Lenin|Bell|Shao|Lan Tu|Li Shang$/.test(e)), s).toEqual([]);
    }
    expect(pinyinName('绍伊古')).toBeUndefined();
    expect(pinyinName('秦刚')).toBe('Qin Gang');
  });
});
