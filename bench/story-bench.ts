/**
 * Story grouping measured on synthetic near-duplicates: each sampled article gets a
 * second report of the same event under another outlet, 0–3 days later, either
 * re-worded (other script, synonyms, sentences reordered and one dropped) or partly
 * copied (its first half to two thirds, then new text: an article outside the set). Every
 * article, original or copy, gets an outlet and a date in a short window, so many
 * unrelated cross-outlet pairs fall within the grouping's day limit: the negatives.
 * Pairwise precision and recall against the known origins. Seeded, pure.
 */
import { addDays } from '../src/text/dates.js';
import { toTraditional } from '../src/text/normalize.js';
import { splitSentences } from '../src/text/sentences.js';
import type { Article } from '../src/types.js';
import { groupStories, shingles, type StoryItem, type StoryOptions } from '../src/retrieve/stories.js';
import { mulberry32, randInt, shuffle, type Rng } from '../src/util/prng.js';

export interface StoryCase extends StoryItem {
  /** The article it reports (itself for an original). */
  origin: string;
  kind: 'original' | 'reworded' | 'partial';
  text: string;
}

const OUTLETS = ['自由亚洲电台', '美国之音', '德国之声'];

/** Newsroom synonyms one outlet uses where another uses the first. */
const SYNONYMS: [string, string][] = [
  ['表示', '指出'], ['说', '称'], ['但是', '不过'], ['因为', '由于'], ['已经', '已'], ['目前', '当前'], ['认为', '相信'],
  ['进行', '展开'], ['举行', '召开'], ['宣布', '公布'], ['发生', '出现'], ['今天', '当天'], ['许多', '不少'], ['重要', '关键'],
];

function reworded(text: string, rng: Rng): string {
  const sentences = splitSentences(text.replace(/\n/g, ''));
  if (sentences.length > 3) sentences.splice(1 + randInt(rng, sentences.length - 1), 1);
  // Keep the lead, swap two later sentences: reports of one event share the lead most.
  if (sentences.length > 3) {
    const i = 1 + randInt(rng, sentences.length - 2);
    [sentences[i], sentences[i + 1]] = [sentences[i + 1]!, sentences[i]!];
  }
  let out = sentences.join('');
  for (const [a, b] of SYNONYMS) out = out.split(a).join(b);
  return rng() < 0.5 ? toTraditional(out) : out;
}

/** The first half to two thirds of the text, then as much text of an article outside the set (new material, not a copy of another case). */
function partial(text: string, filler: string, rng: Rng): string {
  const flat = text.replace(/\n/g, '');
  const cut = Math.round(flat.length * (0.5 + rng() / 6));
  return flat.slice(0, cut) + filler.replace(/\n/g, '').slice(0, flat.length - cut);
}

/**
 * Originals (all the articles given) plus `copies` near-duplicates of a sample, dated
 * within `windowDays`; partial copies are completed with text of the `filler` articles.
 */
export function makeStoryCases(articles: Article[], filler: Article[], copies: number, windowDays: number, seed = 7): StoryCase[] {
  const rng = mulberry32(seed);
  const start = '2023-01-01';
  const cases: StoryCase[] = articles.map((a) => ({
    id: a.id, origin: a.id, kind: 'original', text: `${a.title}\n${a.text}`,
    source: OUTLETS[randInt(rng, OUTLETS.length)]!, publishedAt: addDays(start, randInt(rng, windowDays)),
  }));
  const sample = shuffle(rng, [...cases]).slice(0, copies);
  sample.forEach((orig, i) => {
    const other = filler[randInt(rng, filler.length)]!;
    const kind = i % 2 === 0 ? 'reworded' : 'partial';
    const text = kind === 'reworded' ? reworded(orig.text, rng) : partial(orig.text, other.text, rng);
    const source = OUTLETS.filter((o) => o !== orig.source)[randInt(rng, OUTLETS.length - 1)]!;
    cases.push({ id: `${orig.id}~${i}`, origin: orig.origin, kind, text, source, publishedAt: addDays(orig.publishedAt, randInt(rng, 4)) });
  });
  return cases;
}

export interface StoryScore {
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
  /** Cross-outlet pairs within the day limit that are not one story. */
  negativePairs: number;
  recallByKind: Record<string, number>;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Pairwise precision / recall of groupStories over the cases. */
export function scoreStories(cases: StoryCase[], opts: StoryOptions): StoryScore {
  const memo = new Map(cases.map((c) => [c.id, shingles(c.text)]));
  const stories = groupStories(cases, (id) => memo.get(id), opts);
  const predicted = new Set<string>();
  const truth = new Set<string>();
  const kindOf = new Map<string, string>();
  let negatives = 0;
  for (let i = 0; i < cases.length; i++) {
    for (let j = i + 1; j < cases.length; j++) {
      const a = cases[i]!;
      const b = cases[j]!;
      const key = pairKey(a.id, b.id);
      const s = stories.get(a.id);
      if (s !== undefined && s === stories.get(b.id)) predicted.add(key);
      if (a.origin === b.origin) {
        truth.add(key);
        kindOf.set(key, a.kind === 'original' ? b.kind : a.kind);
      } else if (a.source !== b.source && Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) <= opts.maxDays * 86_400_000) negatives++;
    }
  }
  const hit = [...truth].filter((k) => predicted.has(k));
  const recallByKind: Record<string, number> = {};
  for (const kind of new Set(kindOf.values())) {
    const all = [...truth].filter((k) => kindOf.get(k) === kind);
    recallByKind[kind] = all.filter((k) => predicted.has(k)).length / all.length;
  }
  return {
    precision: predicted.size === 0 ? 1 : hit.length / predicted.size,
    recall: truth.size === 0 ? 1 : hit.length / truth.size,
    truePairs: truth.size, predictedPairs: predicted.size, negativePairs: negatives, recallByKind,
  };
}
