/**
 * Western names → Chinese transliterations ("Manning" → 曼宁, "Anaheim" → 阿纳海姆).
 * A letter-chunk → character model P(char | chunk) is learned by EM from
 * CC-CEDICT's name entries (monotonic alignment, chunks of 1-4 letters), once,
 * on first use. Decoding is a beam search that only extends prefixes the corpus
 * contains (df > 0): spelling variants are endless, the corpus picks the one it uses.
 */

import { loadEnDict } from './dictionary.js';

const MAX_CHUNK = 4;

let model: TranslitModel | undefined;

/** The model, trained on first use from the dictionary's name entries. */
export function loadTranslit(): TranslitModel {
  model ??= trainTranslit(loadEnDict().namePairs);
  return model;
}

export interface TranslitModel {
  /** Letter chunk → [character, P(char | chunk)], best first. */
  byChunk: Map<string, [string, number][]>;
}

/** A name's segmentation lattice: cell (i, c, k) holds the id of the pair "chunk en[i, i+c) emits character k", or -1. */
interface Lattice {
  L: number;
  N: number;
  cells: Int32Array;
}

/** E-step for one name: forward-backward over its lattice, adding each pair's expected count. */
function addExpectedCounts({ L, N, cells }: Lattice, prob: Float64Array, counts: Float64Array): void {
  const at = (i: number, c: number, k: number): number => cells[(i * MAX_CHUNK + c - 1) * N + k]!;
  const fwd = new Float64Array((L + 1) * (N + 1));
  const bwd = new Float64Array((L + 1) * (N + 1));
  fwd[0] = 1;
  for (let i = 0; i < L; i++) {
    for (let k = 0; k < N; k++) {
      const f = fwd[i * (N + 1) + k]!;
      if (f === 0) continue;
      for (let c = 1; c <= MAX_CHUNK && i + c <= L; c++) fwd[(i + c) * (N + 1) + k + 1]! += f * prob[at(i, c, k)]!;
    }
  }
  const z = fwd[L * (N + 1) + N]!;
  if (z === 0) return;
  bwd[L * (N + 1) + N] = 1;
  for (let i = L - 1; i >= 0; i--) {
    for (let k = N - 1; k >= 0; k--) {
      let b = 0;
      for (let c = 1; c <= MAX_CHUNK && i + c <= L; c++) b += prob[at(i, c, k)]! * bwd[(i + c) * (N + 1) + k + 1]!;
      bwd[i * (N + 1) + k] = b;
    }
  }
  for (let i = 0; i < L; i++) {
    for (let k = 0; k < N; k++) {
      const f = fwd[i * (N + 1) + k]!;
      if (f === 0) continue;
      for (let c = 1; c <= MAX_CHUNK && i + c <= L; c++) {
        const id = at(i, c, k);
        counts[id]! += (f * prob[id]! * bwd[(i + c) * (N + 1) + k + 1]!) / z;
      }
    }
  }
}

/** EM over all monotonic segmentations of each English name into one chunk per character. */
export function trainTranslit(pairs: [string, string][], iterations = 6): TranslitModel {
  // Intern every (chunk, character) pair once; the EM passes then run on numbers only.
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const lattices = pairs.map(([en, zh]): Lattice => {
    const chars = [...zh];
    const L = en.length;
    const N = chars.length;
    // cell (i, c, k): chunk en[i, i+c) emits chars[k]; -1 when out of range
    const cells = new Int32Array(L * MAX_CHUNK * N).fill(-1);
    for (let i = 0; i < L; i++) {
      for (let c = 1; c <= MAX_CHUNK && i + c <= L; c++) {
        for (let k = 0; k < N; k++) {
          const key = `${en.slice(i, i + c)}\t${chars[k]}`;
          let id = ids.get(key);
          if (id === undefined) {
            ids.set(key, (id = keys.length));
            keys.push(key);
          }
          cells[(i * MAX_CHUNK + c - 1) * N + k] = id;
        }
      }
    }
    return { L, N, cells };
  });
  const chunkOf = keys.map((k) => k.slice(0, k.indexOf('\t')));
  const chunkIds = new Map<string, number>();
  const chunkIndex = Int32Array.from(chunkOf, (c) => chunkIds.get(c) ?? chunkIds.set(c, chunkIds.size).get(c)!);
  let prob = new Float64Array(keys.length).fill(1e-4);
  for (let it = 0; it < iterations; it++) {
    const counts = new Float64Array(keys.length);
    for (const lattice of lattices) addExpectedCounts(lattice, prob, counts);
    // M-step: P(char | chunk), dropping rare pairs so that noise does not spread.
    const totals = new Float64Array(chunkIds.size);
    counts.forEach((v, id) => (totals[chunkIndex[id]!]! += v));
    const next = new Float64Array(keys.length);
    counts.forEach((v, id) => {
      const p = v / (totals[chunkIndex[id]!]! + 0.5);
      next[id] = p > 0.01 && v > 0.3 ? p : 1e-4;
    });
    prob = next;
  }
  const byChunk = new Map<string, [string, number][]>();
  prob.forEach((p, id) => {
    if (p < 0.01) return;
    const [chunk, ch] = keys[id]!.split('\t') as [string, string];
    const list = byChunk.get(chunk) ?? [];
    list.push([ch, p]);
    byChunk.set(chunk, list);
  });
  for (const list of byChunk.values()) list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { byChunk };
}

export interface Transliteration {
  text: string;
  /** Mean log-probability per character (≤ 0; above about -1.2 is usually right). */
  score: number;
}

/** Transliterations of a name that the corpus contains, best first. */
export function transliterate(
  model: TranslitModel,
  name: string,
  df: (term: string) => number,
  beam = 150,
): Transliteration[] {
  const en = name.toLowerCase();
  const L = en.length;
  let states = [{ i: 0, s: '', lp: 0 }];
  const done = new Map<string, number>();
  while (states.length > 0) {
    const next: typeof states = [];
    for (const st of states) {
      for (let c = 1; c <= MAX_CHUNK && st.i + c <= L; c++) {
        for (const [ch, p] of model.byChunk.get(en.slice(st.i, st.i + c)) ?? []) {
          if (p < 0.03) break;
          const s = st.s + ch;
          if (s.length >= 2 && df(s) === 0) continue;
          const lp = st.lp + Math.log(p);
          if (st.i + c < L) next.push({ i: st.i + c, s, lp });
          else if (s.length >= 2 && lp > (done.get(s) ?? -Infinity)) done.set(s, lp);
        }
      }
    }
    next.sort((a, b) => b.lp - a.lp || (a.s < b.s ? -1 : 1));
    states = next.slice(0, beam);
  }
  return [...done.entries()]
    .map(([text, lp]) => ({ text, score: lp / text.length }))
    .sort((a, b) => b.score - a.score || (a.text < b.text ? -1 : 1));
}
