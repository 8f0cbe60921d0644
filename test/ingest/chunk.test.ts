import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/ingest/chunk.js';
import { splitSentences } from '../../src/text/sentences.js';

const text = [
  '今年三月，国家领导人出访邻国并与其总统会面。双方签署了多项合作协议！',
  '外界关注两国关系会走多远？学者认为合作仍有上限；但分歧也在增加。',
  'The minister said the talks were "constructive." Officials declined to comment on U.S. plans.',
  '报道指出，价格上涨了3.5%。这是今年以来的最高水平。',
].join('\n');

describe('splitSentences', () => {
  it('splits on Chinese and English sentence ends and newlines', () => {
    const s = splitSentences(text);
    expect(s).toContain('今年三月，国家领导人出访邻国并与其总统会面。');
    expect(s).toContain('双方签署了多项合作协议！');
    expect(s).toContain('学者认为合作仍有上限；');
    expect(s).toContain('报道指出，价格上涨了3.5%。');
  });
  it('keeps closing quotes with their sentence and does not split decimals or initialisms', () => {
    const s = splitSentences('他说：“我们不会退让。”随后离开。The U.S. team won 3.5 points. Done.');
    expect(s[0]).toBe('他说：“我们不会退让。”');
    expect(s).toContain('The U.S. team won 3.5 points.');
  });
});

describe('chunkText', () => {
  for (const size of [40, 80, 150]) {
    it(`never exceeds size ${size} and never splits a sentence that fits`, () => {
      const chunks = chunkText(text, { size, overlap: 20 });
      const sentences = splitSentences(text);
      for (const c of chunks) expect(c.length).toBeLessThanOrEqual(size + 1);
      for (const s of sentences.filter((x) => x.length <= size)) {
        expect(chunks.some((c) => c.includes(s))).toBe(true);
      }
    });
  }
  it('covers every sentence in order', () => {
    const chunks = chunkText(text, { size: 60, overlap: 0 });
    const joined = chunks.join('');
    let at = 0;
    for (const s of splitSentences(text)) {
      const found = joined.indexOf(s, at);
      expect(found).toBeGreaterThanOrEqual(at);
      at = found;
    }
  });
  it('overlaps consecutive chunks by whole sentences', () => {
    const chunks = chunkText(text, { size: 60, overlap: 30 });
    let overlapping = 0;
    for (let i = 1; i < chunks.length; i++) {
      const first = splitSentences(chunks[i]!)[0]!;
      if (chunks[i - 1]!.includes(first)) overlapping++;
    }
    expect(overlapping).toBeGreaterThan(0);
  });
  it('splits a sentence only when it alone exceeds the size', () => {
    const long = '很'.repeat(250) + '。';
    const chunks = chunkText(long, { size: 100, overlap: 10 });
    expect(chunks.length).toBe(3);
    expect(chunks.join('')).toBe(long);
  });
});
