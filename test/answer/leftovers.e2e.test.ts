/**
 * Captions, credits and sub-headings never reach answer sentences: over the real
 * seeds index, no passage sentence glues a heading to the next sentence, and no
 * answer quotes a photo credit or an outlet's attribution.
 */
import { describe, expect, it } from 'vitest';
import { ExtractiveAnswerer } from '../../src/answer/extractive.js';
import { splitSentences } from '../../src/text/sentences.js';
import { useSeedsKnowledgeBase } from '../helpers/corpus.js';

const seeds = useSeedsKnowledgeBase('qa-leftovers-');

const CREDIT = /（(?:德國之聲中文網|德国之声中文网|美联社图片|美聯社圖片|Via Reuters)）/;
const QUESTIONS = ['西方在盯着中国什么？', '秦剛向德國外長承諾了什麼？', '美日韩三国打算每年做什么？', '美中关系最近有什么变化？', '李尚福什么时候被任命为国防部长？'];

describe('answers over the seeds carry no leftovers', () => {
  it('passages split a sub-heading from the sentence after it', async () => {
    for (const q of QUESTIONS) {
      for (const hit of await seeds().search(q, { k: 5 })) {
        for (const passage of hit.passages) {
          const sentences = splitSentences(passage.text);
          expect(sentences.filter((s) => /^西方[緊紧]盯中[國国]是否[軍军]援俄[國国]./u.test(s) && !/^西方[緊紧]盯中[國国]是否[軍军]援俄[國国]。$/u.test(s))).toEqual([]);
          expect(passage.text).not.toMatch(CREDIT);
        }
      }
    }
  });

  it('answers quote no photo credit, caption date or outlet attribution', async () => {
    const answerer = new ExtractiveAnswerer(seeds, { k: 5, minRelevance: 0.2 });
    for (const q of QUESTIONS) {
      const a = await answerer.ask(q);
      expect(a.answer, q).not.toMatch(CREDIT);
      expect(a.answer, q).not.toMatch(/（\d{4}年\d{1,2}月\d{1,2}日）\[/);
      expect(a.answer, q).not.toMatch(/援俄[國国]中[國国]外[長长]/);
    }
  });
});
