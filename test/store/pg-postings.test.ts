/** The PostgreSQL store's lexical parts: postings survive encoding exactly, split into parts of bounded size. */
import { describe, expect, it } from 'vitest';
import { decodePart, encodeParts, type TermPostings } from '../../src/store/pg/postings.js';

function decodeAll(parts: ReturnType<typeof encodeParts>): [string, { docs: number[]; tfs: number[] }][] {
  return parts.flatMap((part) => {
    const terms = JSON.parse(part.terms) as string[];
    const into = { counts: new Uint32Array(terms.length), labels: new Uint32Array(part.postings), tfs: new Uint16Array(part.postings) };
    decodePart(part, into);
    let at = 0;
    return terms.map((term, i): [string, { docs: number[]; tfs: number[] }] => {
      const n = into.counts[i]!;
      const range = [at, (at += n)] as const;
      return [term, { docs: [...into.labels.subarray(...range)], tfs: [...into.tfs.subarray(...range)] }];
    });
  });
}

describe('lexical parts (PostgreSQL store)', () => {
  it('round-trips labels (wide gaps, up to 2^32 − 1) and term frequencies (capped at 65535)', () => {
    const postings: [string, { docs: number[]; tfs: number[] }][] = [
      ['台湾', { docs: [1, 2, 3, 200, 70_000], tfs: [1, 2, 127, 128, 254] }],
      ['big', { docs: [5, 2 ** 31 + 7, 2 ** 32 - 1], tfs: [255, 256, 70_000] }],
      ['"quoted" \\ term', { docs: [9], tfs: [1] }],
    ];
    const back = decodeAll(encodeParts(postings));
    expect(back.map(([t]) => t)).toEqual(postings.map(([t]) => t));
    expect(back[0]![1]).toEqual(postings[0]![1]);
    expect(back[1]![1]).toEqual({ docs: [5, 2 ** 31 + 7, 2 ** 32 - 1], tfs: [255, 256, 65_535] });
  });

  it('splits into parts of whole terms once a part holds enough postings, and shifts labels', () => {
    const postings: TermPostings = Array.from({ length: 50 }, (_, t) => [`t${t}`, { docs: Uint32Array.from({ length: 7 }, (_, i) => t + 3 * i), tfs: new Uint16Array(7).fill(1 + (t % 3)) }]);
    const parts = encodeParts(postings, 100, 20);
    expect(parts.length).toBe(17); // 3 terms (21 postings) per part, the last one 2 terms
    expect(parts.map((p) => p.postings)).toEqual([...Array(16).fill(21), 14]);
    const back = decodeAll(parts);
    expect(back).toHaveLength(50);
    expect(back[49]).toEqual(['t49', { docs: [149, 152, 155, 158, 161, 164, 167], tfs: Array(7).fill(2) }]);
  });

  it('refuses postings out of label order, and a corrupt part', () => {
    expect(() => encodeParts([['x', { docs: [3, 2], tfs: [1, 1] }]])).toThrow(/not in label order/);
    const [part] = encodeParts([['x', { docs: [1, 2, 3], tfs: [1, 1, 1] }]]);
    const into = { counts: new Uint32Array(1), labels: new Uint32Array(3), tfs: new Uint16Array(3) };
    expect(() => decodePart({ ...part!, docs: Buffer.from([1, 1]).toString('base64') }, into)).toThrow(/corrupt/);
    expect(() => decodePart({ ...part!, tfs: '' }, into)).toThrow(/corrupt/);
  });
});
