// Reports import cycles, upward imports between src/ folders (the layers of the data flow), imports of test/ from
// bench/, fakes/ and scripts/, and src/ files over 350 lines or with functions over 80 lines.
// Usage: npx tsx scripts/dev/import-graph.ts  (exit 1 when anything is found)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

// Lower layers first; a file may import its own folder and folders of lower rank only. Same rank = siblings
// that never import each other (indexing and searching both sit on store/; Discord and the terminal on app/).
const RANK: Record<string, number> = {
  util: 0, text: 1, corpus: 2, embed: 3, store: 4, ingest: 5, retrieve: 5, answer: 6, present: 7, app: 8, eval: 9, discord: 10, cli: 10,
};
const ROOT = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|cjs)$/.test(name) ? [path] : [];
  });
}

const folder = (file: string): string => relative(ROOT, file).split('/')[0] ?? '';
/** Root files (config, log, types) are shared vocabulary: rank -1. */
const rank = (file: string): number => RANK[folder(file)] ?? -1;

const graph = new Map<string, string[]>();
const tools = ['bench', 'fakes', 'scripts'].flatMap((d) => files(resolve(d)));
for (const file of [...files(ROOT), ...tools]) {
  const source = readFileSync(file, 'utf8');
  const targets = [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
  graph.set(file, targets);
}

let problems = 0;
const report = (kind: string, file: string, target: string) => {
  console.log(`${kind}: ${relative('.', file)} -> ${relative('.', target)}`);
  problems++;
};
for (const [file, targets] of graph) {
  const inSrc = file.startsWith(ROOT + '/');
  for (const target of targets) {
    if (!inSrc) {
      if (target.startsWith(resolve('test') + '/')) report('tool imports test/', file, target);
      continue;
    }
    if (!target.startsWith(ROOT + '/')) report('src imports outside src/', file, target);
    else if (relative(ROOT, file) === 'index.ts' || folder(file) === folder(target)) continue;
    else if (rank(target) > rank(file) || (rank(target) === rank(file) && rank(file) >= 0)) report('upward', file, target);
  }
}

// Cycles by depth-first search over files.
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
function visit(file: string): void {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') {
      console.log(`cycle: ${stack.slice(stack.indexOf(next)).concat(next).map((f) => relative('.', f)).join(' -> ')}`);
      problems++;
    } else if (!state.has(next) && graph.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

const long = [...graph.keys()].filter((f) => f.startsWith(ROOT)).filter((f) => readFileSync(f, 'utf8').split('\n').length > 350);
for (const f of long) console.log(`over 350 lines: ${relative('.', f)}`);
// Functions over 80 lines (methods, arrows and function expressions included).
for (const file of [...graph.keys()].filter((f) => f.startsWith(ROOT) && f.endsWith('.ts'))) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visitNode = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const lines = sf.getLineAndCharacterOfPosition(node.end).line - sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (lines > 80) {
        console.log(`function over 80 lines (${lines}): ${relative('.', file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
        problems++;
      }
    }
    ts.forEachChild(node, visitNode);
  };
  visitNode(sf);
}
console.log(`${graph.size} files, ${problems + long.length} problems`);
process.exitCode = problems + long.length > 0 ? 1 : 0;
