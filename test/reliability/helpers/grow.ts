/** A larger corpus grown from the seeds (shuffled sentences, new URLs), so an index run takes long enough to interrupt. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mulberry32, shuffle } from '../../../src/util/prng.js';
import { articleFile } from '../../../bench/synth.js';
import { parseArticle } from '../../../src/corpus/parse.js';
import { splitSentences } from '../../../src/text/sentences.js';
import { SEEDS_DIR } from '../../helpers/corpus.js';

export async function growCorpus(dir: string, articles: number, sentencesEach: number, seed = 7): Promise<string[]> {
  const names = (await readdir(SEEDS_DIR)).filter((n) => n.endsWith('.txt')).sort();
  const seeds = await Promise.all(names.map(async (n) => parseArticle(await readFile(join(SEEDS_DIR, n)), n)));
  const pool = seeds.flatMap((a) => splitSentences(a.text));
  const rng = mulberry32(seed);
  const files: string[] = [];
  for (let i = 0; i < seeds.length; i++) {
    files.push(names[i]!);
    await writeFile(join(dir, names[i]!), await readFile(join(SEEDS_DIR, names[i]!)));
  }
  let order = shuffle(rng, [...pool]);
  for (let i = 0, at = 0; i < articles; i++) {
    if (at + sentencesEach > order.length) [order, at] = [shuffle(rng, [...pool]), 0];
    const src = seeds[i % seeds.length]!;
    const name = `grown-${String(i).padStart(4, '0')}.txt`;
    const meta = { title: `${src.title} ${i}`, url: `https://example.org/grown/${i}`, publishedAt: src.publishedAt };
    await writeFile(join(dir, name), articleFile(meta, order.slice(at, at + sentencesEach)));
    at += sentencesEach;
    files.push(name);
  }
  return files;
}
