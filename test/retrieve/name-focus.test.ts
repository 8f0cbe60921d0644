import { describe, expect, it } from 'vitest';
import { nameFocus } from '../../src/retrieve/name-focus.js';
import type { EvidenceUnit } from '../../src/retrieve/query.js';

const unit = (word: string, label?: string, specific = false): EvidenceUnit => ({ alternatives: [word], confidence: [1], weight: 1, label, specific });

describe('nameFocus', () => {
  it('English: the head noun after "name of", and before "called"', () => {
    const units = [unit('俄罗斯', 'Russian', true), unit('驱逐舰', 'destroyer'), unit('巡逻', 'patrolled')];
    expect(nameFocus('What is the name of the Russian destroyer that patrolled the strait?', true, units)).toBe(1);
    expect(nameFocus('What was the new bridge called?', true, [unit('新', 'new'), unit('桥', 'bridge')])).toBe(1);
  });

  it('English: none for other questions, or when the named thing is itself a name', () => {
    expect(nameFocus('Who patrolled the strait?', true, [unit('巡逻', 'patrolled')])).toBeUndefined();
    expect(nameFocus('What is the name of Russia?', true, [unit('俄罗斯', 'Russia', true)])).toBeUndefined();
  });

  it('Chinese: the noun just before 叫什么/的名字, not a verb or adverb standing there', () => {
    const units = [unit('乐队'), unit('主唱'), unit('可以')];
    expect(nameFocus('这支乐队的主唱叫什么名字', false, units)).toBe(1);
    expect(nameFocus('这支乐队还可以叫什么', false, units)).toBeUndefined();
    expect(nameFocus('这支乐队在哪里演出', false, units)).toBeUndefined();
  });
});
