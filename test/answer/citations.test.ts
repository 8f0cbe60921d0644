import { describe, expect, it } from 'vitest';
import { CitationRewriter, resolveCitations, stripCitationMarkers, type CitableSource } from '../../src/answer/citations.js';

const src = (n: number): CitableSource => ({ url: `https://x/${n}`, title: `T${n}`, source: 'VOA', publishedAt: '2023-01-0' + n });
const three = [src(1), src(2), src(3)];

describe('resolveCitations', () => {
  it('renumbers cited sources from 1 in first-cited order and lists only those', () => {
    const r = resolveCitations('李尚福访俄[3]。美日韩峰会[1]，再提[3]。', three);
    expect(r.text).toBe('李尚福访俄[1]。美日韩峰会[2]，再提[1]。');
    expect(r.citations.map((c) => [c.n, c.url])).toEqual([
      [1, 'https://x/3'],
      [2, 'https://x/1'],
    ]);
  });

  it('accepts [1][2], [1, 2], 、 lists, full-width ［1］ and 【2】 and [source 3]', () => {
    expect(resolveCitations('a[2][1] b[1, 2] c[2、3]', three).text).toBe('a[1][2] b[2][1] c[1][3]');
    expect(resolveCitations('甲［２］乙【1】丙[Source 3]', three).text).toBe('甲[1]乙[2]丙[3]');
    expect(resolveCitations('x [1，1 , 2]', three).text).toBe('x [1][2]');
  });

  it('drops markers that point at no source, with the space before them', () => {
    const r = resolveCitations('Claim one [7]. Claim two [2][9]. Zero [0] here.', three);
    expect(r.text).toBe('Claim one. Claim two [1]. Zero here.');
    expect(r.citations).toHaveLength(1);
    expect(r.citations[0]).toMatchObject({ n: 1, url: 'https://x/2' });
  });

  it('leaves bracketed text that is not a marker alone', () => {
    expect(resolveCitations('in [2023] the [note] and [a1]', three).text).toBe('in [2023] the [note] and [a1]');
  });

  it('returns no citations for uncited text', () => {
    expect(resolveCitations('no markers', three)).toEqual({ text: 'no markers', citations: [] });
  });

  it('strips markers for history', () => {
    expect(stripCitationMarkers('A [1][2]. B［3］.')).toBe('A. B.');
  });
});

describe('CitationRewriter (streaming)', () => {
  const texts = [
    '李尚福访俄[3]。美日韩峰会[1][2]，再提[3]。',
    'Claim [7]. Then [2, 9] and  [1]. [',
    'End with a partial [1',
    '甲［２］乙【1】丙[Source 3] [2023] [note] x',
  ];
  it('produces exactly the whole-text result for every split of the input', () => {
    for (const text of texts) {
      const whole = resolveCitations(text, three).text;
      const cps = Array.from(text);
      // Every single split point, and fixed-size chunkings.
      for (let cut = 0; cut <= cps.length; cut++) {
        const rw = new CitationRewriter(3);
        const out = rw.push(cps.slice(0, cut).join('')) + rw.push(cps.slice(cut).join('')) + rw.flush();
        expect(out, `${text} @${cut}`).toBe(whole);
      }
      for (const size of [1, 2, 3, 5]) {
        const rw = new CitationRewriter(3);
        let out = '';
        for (let i = 0; i < cps.length; i += size) out += rw.push(cps.slice(i, i + size).join(''));
        expect(out + rw.flush()).toBe(whole);
      }
    }
  });

  it('holds back only a possible marker, not ordinary text', () => {
    const rw = new CitationRewriter(3);
    expect(rw.push('中国外长 [')).toBe('中国外长');
    expect(rw.push('2')).toBe('');
    expect(rw.push('] 说')).toBe(' [1] 说');
    expect(rw.push(' [see')).toBe('');
    expect(rw.push(' below] ok')).toBe(' [see below] ok');
    expect(rw.cited).toEqual([2]);
  });
});
