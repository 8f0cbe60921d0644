// Dev bench: story grouping precision / recall on synthetic near-duplicates (bench/story-bench.ts).
// npx tsx scripts/dev/story-bench.ts [--corpus DIR ...] [--originals 600] [--copies 300] [--window 30] [--json]
import { parseArgs } from 'node:util';
import { makeStoryCases, scoreStories } from '../../bench/story-bench.js';
import { readCorpus } from '../../src/corpus/read.js';
import { DEFAULT_STORY_OPTIONS } from '../../src/retrieve/stories.js';
import { mulberry32, shuffle } from '../../src/util/prng.js';

const { values } = parseArgs({ options: { corpus: { type: 'string', multiple: true }, originals: { type: 'string' }, copies: { type: 'string' }, window: { type: 'string' }, json: { type: 'boolean' } } });
const { articles } = await readCorpus(values.corpus ?? ['seeds'], { maxBytes: 2_000_000 });
const shuffled = shuffle(mulberry32(1), articles);
const n = Math.min(Number(values.originals ?? 600), Math.floor(shuffled.length * 0.75));
const [originals, filler] = [shuffled.slice(0, n), shuffled.slice(n)];
const cases = makeStoryCases(originals, filler, Number(values.copies ?? Math.round(originals.length / 2)), Number(values.window ?? 30));
const rows = [0.3, 0.4, DEFAULT_STORY_OPTIONS.minOverlap, 0.6, 0.7].map((minOverlap) => {
  const started = performance.now();
  const score = scoreStories(cases, { ...DEFAULT_STORY_OPTIONS, minOverlap });
  return { minOverlap, served: minOverlap === DEFAULT_STORY_OPTIONS.minOverlap, ...score, ms: Math.round(performance.now() - started) };
});
if (values.json) process.stdout.write(`${JSON.stringify({ cases: cases.length, originals: originals.length, rows })}\n`);
else {
  console.log(`${cases.length} articles (${originals.length} originals), max ${DEFAULT_STORY_OPTIONS.maxDays} days apart`);
  for (const r of rows) {
    console.log(`overlap ≥ ${r.minOverlap}${r.served ? ' (served)' : ''}: precision ${r.precision.toFixed(3)} recall ${r.recall.toFixed(3)} ` +
      `(reworded ${r.recallByKind.reworded?.toFixed(3)}, partial ${r.recallByKind.partial?.toFixed(3)}); true pairs ${r.truePairs}, predicted ${r.predictedPairs}, cross-outlet negatives in range ${r.negativePairs}`);
  }
}
