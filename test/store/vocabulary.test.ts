import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/store/vocabulary.js';

/** The file bytes, as writeParts would write them. */
const bytesOf = (v: Vocabulary) => Buffer.concat(v.encode().map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));

describe('Vocabulary', () => {
  const terms = ['国', '国防', 'nato', '2023', '𠮷野', 'summit', '部长'];

  it('gives ids in insertion order and finds every term again', () => {
    const v = Vocabulary.fromTerms(terms);
    expect(v.size).toBe(terms.length);
    terms.forEach((t, i) => {
      expect(v.get(t)).toBe(i);
      expect(v.term(i)).toBe(t);
    });
    expect(v.get('國防')).toBeUndefined();
    expect(v.add('国防')).toBe(1);
    expect(v.size).toBe(terms.length);
  });

  it('round-trips through its binary form and keeps growing after a load', () => {
    const loaded = Vocabulary.decode(bytesOf(Vocabulary.fromTerms(terms)));
    expect([...loaded]).toEqual(terms);
    expect(loaded.add('维尔纽斯')).toBe(terms.length);
    expect(loaded.get('nato')).toBe(2);
    const again = Vocabulary.decode(bytesOf(loaded));
    expect([...again]).toEqual([...terms, '维尔纽斯']);
    expect(again.get('维尔纽斯')).toBe(terms.length);
  });

  it('stays exact past many table resizes', () => {
    const many = Array.from({ length: 20000 }, (_, i) => `t${i.toString(36)}`);
    const v = Vocabulary.fromTerms(many);
    const loaded = Vocabulary.decode(bytesOf(v));
    for (let i = 0; i < many.length; i += 997) expect(loaded.get(many[i]!)).toBe(i);
    expect(loaded.get('missing')).toBeUndefined();
  });

  it('reads bytes that do not start on a 4-byte boundary', () => {
    const bytes = bytesOf(Vocabulary.fromTerms(terms));
    const odd = Buffer.alloc(bytes.length + 1).subarray(1);
    bytes.copy(odd);
    expect([...Vocabulary.decode(odd)]).toEqual(terms);
  });

  it('rejects a truncated file', () => {
    const bytes = bytesOf(Vocabulary.fromTerms(terms));
    expect(() => Vocabulary.decode(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated or corrupt/);
  });
});
