import { describe, expect, it } from 'vitest';
import { loadCommonWords } from '../../src/retrieve/crosslingual/common-words.js';
import { commonWords, commonWordsOf, hasCommonWords, readEntries } from '../../src/retrieve/crosslingual/dictionary.js';

describe('common words made on a worker thread', () => {
  it('are exactly the words the main thread would make', async () => {
    expect(hasCommonWords()).toBe(false);
    await loadCommonWords();
    expect(hasCommonWords()).toBe(true);
    const fromWorker = commonWords();
    const here = commonWordsOf(readEntries());
    expect(fromWorker).not.toBe(here);
    expect(fromWorker.size).toBe(here.size);
    expect([...fromWorker].filter((w) => !here.has(w))).toEqual([]);
    expect(fromWorker.has('城市')).toBe(true);
    expect(fromWorker.has('北京')).toBe(false);
  });
});
