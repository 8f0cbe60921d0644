/**
 * Regenerate the parser golden files: test/corpus/golden/<seed>.json for every seeds/*.txt.
 * Run: npx tsx scripts/update-golden.ts — then review the diff by eye before committing.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArticle } from '../src/corpus/parse.js';

const SEEDS = 'seeds';
const GOLDEN = path.join('test', 'corpus', 'golden');

mkdirSync(GOLDEN, { recursive: true });
for (const name of readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).sort()) {
  const file = path.join(SEEDS, name);
  // `file` is left out: it depends on where the seed is read from, not on parsing.
  const { file: _file, ...article } = parseArticle(readFileSync(file), file);
  const out = path.join(GOLDEN, `${path.basename(name, '.txt')}.json`);
  writeFileSync(out, `${JSON.stringify(article, null, 2)}\n`);
  console.log(`${out}: ${article.text.split('\n').length} paragraphs, ${article.script}, ${article.source}`);
}
