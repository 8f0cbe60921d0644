/**
 * Dev probe for cross-lingual retrieval: a plain in-memory BM25 (Han unigrams +
 * bigrams, Latin words) over a Chinese corpus, scored on Chinese questions, raw
 * English questions and English questions expanded by src/retrieve/crosslingual.ts.
 * Measures only; nothing here is used at run time.
 *
 *   npx tsx scripts/dev/xling-probe.ts              XQuAD dev (240 paragraphs, 426 en + 426 zh questions)
 *   npx tsx scripts/dev/xling-probe.ts --variants   ... plus every tuning variant
 *   npx tsx scripts/dev/xling-probe.ts --seeds      seed articles + scale/ corpus as distractors, seed-dev-qa en questions
 *   --show N [--show-label TEXT]                    print the first N misses of the matching run
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeForMatch } from '../../src/text/normalize.js';
import {
  expandQuery,
  refineWithFeedback,
  setTuning,
  warmUpCrosslingual,
  type Expansion,
  type Tuning,
} from '../../src/retrieve/crosslingual.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
/** The shared benchmark sets: BENCH_DIR, or ../shared/bench beside the repository (as bench/options.ts). */
const REPO = join(import.meta.dirname, '..', '..');
const SHARED = process.env.BENCH_DIR ?? join(REPO, '..', 'shared', 'bench');
const SHOW = Number(flag('--show') ?? 0);
const SHOW_LABEL = flag('--show-label') ?? 'exact df)';

interface Doc {
  url: string;
  text: string;
  tf: Map<string, number>;
  len: number;
}
interface Query {
  q: string;
  lang: string;
  gold: string[];
}

/** Han unigrams + bigrams per Han run; Latin words and numbers whole. */
function tokens(normalized: string, unigrams = true): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(/\p{Script=Han}+|[a-z0-9]+(?:\.[0-9]+)?/gu)) {
    const run = m[0];
    if (!/\p{Script=Han}/u.test(run)) {
      out.push(run);
      continue;
    }
    for (let i = 0; i < run.length; i++) {
      if (unigrams || run.length === 1) out.push(run[i]!);
      if (i + 1 < run.length) out.push(run.slice(i, i + 2));
    }
  }
  return out;
}

function readCorpus(dir: string): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const lines = readFileSync(join(dir, f), 'utf8').split('\n');
      const url = /\]\(([^)]+)\)\s*$/.exec(lines[1] ?? '')?.[1] ?? f;
      const body = lines.slice(3).join('\n').replace(/<[^>]+>/g, ' ');
      const text = normalizeForMatch(body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      const tf = new Map<string, number>();
      const toks = tokens(text);
      for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
      return { url, text, tf, len: toks.length };
    });
}

class Bm25 {
  readonly postings = new Map<string, Set<number>>();
  private readonly avgdl: number;
  constructor(readonly docs: Doc[]) {
    docs.forEach((d, i) => {
      for (const t of d.tf.keys()) (this.postings.get(t) ?? this.postings.set(t, new Set()).get(t)!).add(i);
    });
    this.avgdl = docs.reduce((s, d) => s + d.len, 0) / docs.length;
  }
  search(query: Map<string, number>, k = 10): string[] {
    const n = this.docs.length;
    const scores = new Map<number, number>();
    for (const [t, w] of query) {
      const post = this.postings.get(t);
      if (post === undefined) continue;
      const idf = Math.log(1 + (n - post.size + 0.5) / (post.size + 0.5));
      for (const i of post) {
        const d = this.docs[i]!;
        const f = d.tf.get(t)!;
        const s = w * idf * ((f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.len) / this.avgdl)));
        scores.set(i, (scores.get(i) ?? 0) + s);
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([i]) => this.docs[i]!.url);
  }
  /** Exact df of any string: intersect its bigrams' postings, then verify by substring (what an index can afford). */
  dfExact(term: string): number {
    return (this.intersect(term) ?? []).filter((i) => this.docs[i]!.text.includes(term)).length;
  }
  /** Documents holding all of the term's bigrams, anywhere (no adjacency check). */
  dfAllBigrams(term: string): number {
    return this.intersect(term)?.length ?? 0;
  }
  private intersect(term: string): number[] | undefined {
    let cand: number[] | undefined;
    const toks = tokens(term, false).sort((a, b) => (this.postings.get(a)?.size ?? 0) - (this.postings.get(b)?.size ?? 0));
    for (const t of toks) {
      const post = this.postings.get(t);
      if (post === undefined) return undefined;
      cand = cand === undefined ? [...post] : cand.filter((i) => post.has(i));
      if (cand.length === 0) return undefined;
    }
    return cand;
  }
  /** What a bigram index answers without verifying: min df over the bigrams (an upper bound). */
  dfBigram(term: string): number {
    const toks = tokens(term, false);
    return toks.length === 0 ? 0 : Math.min(...toks.map((t) => this.postings.get(t)?.size ?? 0));
  }
}

function readQueries(file: string): Query[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Query);
}

function bag(toks: string[], w = 1, into = new Map<string, number>()): Map<string, number> {
  for (const t of toks) into.set(t, (into.get(t) ?? 0) + w);
  return into;
}

function evaluate(index: Bm25, queries: Query[], toQuery: (q: string) => Map<string, number>, label: string): void {
  let r1 = 0, r5 = 0, r10 = 0, mrr = 0;
  let shown = 0;
  for (const q of queries) {
    const rank = index.search(toQuery(q.q)).findIndex((u) => q.gold.includes(u)) + 1;
    if (rank === 1) r1++;
    if (rank >= 1 && rank <= 5) r5++;
    if (rank >= 1) {
      r10++;
      mrr += 1 / rank;
    }
    if (rank !== 1 && shown < SHOW && label.includes(SHOW_LABEL)) {
      shown++;
      console.log(`  miss(${rank || '>10'}) ${q.q}`);
    }
  }
  const n = queries.length;
  const f = (x: number): string => (x / n).toFixed(3);
  console.log(`${label.padEnd(48)} R@1 ${f(r1)}  R@5 ${f(r5)}  R@10 ${f(r10)}  MRR@10 ${f(mrr)}  (n=${n})`);
}

// --- the bench --------------------------------------------------------------------------------------------
const seeds = args.includes('--seeds');
const docs = seeds
  ? [...readCorpus(join(REPO, 'seeds')), ...readCorpus(join(SHARED, 'scale/corpus'))]
  : readCorpus(join(SHARED, 'xquad/corpus'));
const index = new Bm25(docs);
const all = seeds
  ? readQueries(join(SHARED, 'seed-dev-qa.jsonl')).filter((q) => q.gold.length > 0)
  : [...readQueries(join(SHARED, 'xquad/queries-dev-zh.jsonl')), ...readQueries(join(SHARED, 'xquad/queries-dev-en.jsonl'))];
const zh = all.filter((q) => q.lang !== 'en');
const en = all.filter((q) => q.lang === 'en');
const textOf = new Map(docs.map((d) => [d.url, d.text]));
const dfCache = new Map<string, number>();
const dfExact = (t: string): number => dfCache.get(t) ?? dfCache.set(t, index.dfExact(t)).get(t)!;
const dfBigram = (t: string): number => index.dfBigram(t);
const dfAll = (t: string): number => index.dfAllBigrams(t);
const N = docs.length;

const t0 = performance.now();
warmUpCrosslingual();
console.log(`dictionary load + transliterator training: ${(performance.now() - t0).toFixed(0)} ms`);

function toQuery(exp: Expansion, unigrams = true): Map<string, number> {
  const query = new Map<string, number>();
  for (const t of exp.terms) bag(tokens(t.text, unigrams), t.weight, query);
  return query;
}

function expanded(df?: (t: string) => number, unigrams = true, approximateDf = false): (q: string) => Map<string, number> {
  return (q) => toQuery(expandQuery(q, df ? { df, docCount: N, approximateDf } : {}), unigrams);
}

/** Two passes: the top `k` documents of the first re-split each word's weight among its translations. */
function withFeedback(k: number, floor: number): (q: string) => Map<string, number> {
  return (q) => {
    const first = expandQuery(q, { df: dfExact, docCount: N });
    const top = index.search(toQuery(first), k).map((u) => textOf.get(u) ?? '');
    return toQuery(refineWithFeedback(first, top, floor));
  };
}

/** Classic PRF for comparison: add the top documents' bigrams (Rocchio, beta-weighted) to the expanded query. */
function withRocchio(k: number, beta: number, maxTokens: number): (q: string) => Map<string, number> {
  return (q) => {
    const query = toQuery(expandQuery(q, { df: dfExact, docCount: N }));
    const add = new Map<string, number>();
    for (const u of index.search(query, k)) {
      const d = docs.find((x) => x.url === u)!;
      for (const [t, f] of d.tf) if (t.length === 2) add.set(t, (add.get(t) ?? 0) + f / d.len);
    }
    const best = [...add.entries()].sort((a, b) => b[1] - a[1]).slice(0, maxTokens);
    const norm = best[0]?.[1] ?? 1;
    for (const [t, w] of best) query.set(t, (query.get(t) ?? 0) + (beta * w) / norm);
    return query;
  };
}

const raw = (q: string): Map<string, number> => bag(tokens(normalizeForMatch(q)));
console.log(`corpus ${N} docs; ${zh.length} zh / ${en.length} en questions`);
if (zh.length > 0) evaluate(index, zh, raw, 'zh questions as-is');
evaluate(index, en, raw, 'en questions raw');
evaluate(index, en, expanded(), 'en expanded (no df)');
evaluate(index, en, expanded(dfBigram), 'en expanded (df: min bigram, unverified)');
evaluate(index, en, expanded(dfBigram, true, true), 'en expanded (df: min bigram, approximateDf)');
evaluate(index, en, expanded(dfAll), 'en expanded (df: all bigrams co-occur, unverified)');
evaluate(index, en, expanded(dfExact), 'en expanded (exact df)');
evaluate(index, en, withFeedback(3, 0.2), 'en expanded (exact df) + translation feedback k=3');

if (args.includes('--variants')) {
  const variants: [string, Partial<Tuning>][] = [
    ['idfPower 1', { idfPower: 1 }],
    ['idfPower -0.5', { idfPower: -0.5 }],
    ['constituentWeight 0', { constituentWeight: 0 }],
    ['constituentWeight 0.3', { constituentWeight: 0.3 }],
    ['containment off', { containment: false }],
    ['no reworded phrases', { rewordedPhrases: false }],
    ['perUnit 4', { perUnit: 4 }],
    ['perUnit 16', { perUnit: 16 }],
    ['normalize max', { normalize: 'max' }],
    ['normalize geo', { normalize: 'geo' }],
    ['confidencePower 0', { confidencePower: 0 }],
    ['confidencePower 1', { confidencePower: 1 }],
    ['partialFactor 0.25', { partialFactor: 0.25 }],
    ['partialFactor 1', { partialFactor: 1 }],
    ['singleCharFactor 1', { singleCharFactor: 1 }],
    ['literalWeight 2', { literalWeight: 2 }],
    ['specificityPower 1', { specificityPower: 1 }],
    ['no derivational fallback', { derivation: 0 }],
    ['no pinyin names', { nameWeight: 0 }],
    ['no transliteration', { translitWeight: 0 }],
    ['translitMinScore -1.0', { translitMinScore: -1.0 }],
    ['translitMinScore -1.6', { translitMinScore: -1.6 }],
  ];
  for (const [label, t] of variants) {
    setTuning(t);
    evaluate(index, en, expanded(dfExact), `en expanded (exact df), ${label}`);
  }
  setTuning({});
  evaluate(index, en, expanded(dfExact, false), 'en expanded (exact df), terms w/o unigrams');
  for (const [k, floor] of [[1, 0.2], [3, 0.5], [5, 0.2], [10, 0.2]] as const) {
    evaluate(index, en, withFeedback(k, floor), `en expanded + translation feedback k=${k} floor=${floor}`);
  }
  for (const [k, beta, n] of [[3, 0.3, 30], [5, 0.3, 50]] as const) {
    evaluate(index, en, withRocchio(k, beta, n), `en expanded + Rocchio k=${k} beta=${beta} n=${n}`);
  }
}
