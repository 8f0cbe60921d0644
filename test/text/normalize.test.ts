import { describe, expect, it } from 'vitest';
import { detectLanguage, detectScript, nfkc, normalizeForMatch, toTraditional } from '../../src/text/normalize.js';

describe('normalize', () => {
  it('folds full-width letters, digits and spaces with NFKC', () => {
    expect(nfkc('ＡＢＣ　１２３，')).toBe('ABC 123,');
  });
  it('maps Traditional to Simplified for matching and lower-cases', () => {
    expect(normalizeForMatch('中國國防部長 NATO')).toBe('中国国防部长 nato');
  });
  it('detects the script of a passage', () => {
    expect(detectScript('兩艘俄羅斯艦艇在沖繩附近巡弋')).toBe('Hant');
    expect(detectScript('两艘俄罗斯舰艇在冲绳附近巡弋')).toBe('Hans');
  });
  it('detects question language, including mixed Chinese/English', () => {
    expect(detectLanguage('What did Qin Gang say?')).toBe('en');
    expect(detectLanguage('秦刚对Baerbock说了什么？')).toBe('zh-Hans');
    expect(detectLanguage('秦剛對貝爾伯克說了什麼？')).toBe('zh-Hant');
  });
  it('round-trips script conversion on common words', () => {
    expect(toTraditional('国防部长')).toBe('國防部長');
  });
});
