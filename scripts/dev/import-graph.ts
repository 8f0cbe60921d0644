// Reports import cycles and upward imports between src/ folders (the layers of the data flow).
// Usage: npx tsx scripts/dev/import-graph.ts  (exit 1 when anything is found)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// Lower layers first; a file may import only its own layer or layers listed before it.
const LAYERS = ['util', 'text', 'corpus', 'embed', 'store', 'ingest', 'retrieve', 'answer', 'present', 'app', 'eval', 'discord', 'cli'];
const ROOT = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|cjs)$/.test(name) ? [path] : [];
  });
}

function layer(file: string): number {
  const top = relative(ROOT, file).split('/')[0] ?? '';
  const i = LAYERS.indexOf(top);
  return i < 0 ? -1 : i; // root files (config, log, types, index) are shared vocabulary or the entry point
}

const graph = new Map<string, string[]>();
for (const file of files(ROOT)) {
  const source = readFileSync(file, 'utf8');
  const targets = [...source.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
  graph.set(file, targets);
}

let problems = 0;
for (const [file, targets] of graph) {
  for (const target of targets) {
    if (relative(ROOT, file) === 'index.ts') continue;
    if (layer(target) > layer(file) || (layer(file) >= 0 && !target.startsWith(ROOT))) {
      console.log(`upward: ${relative(ROOT, file)} -> ${relative(ROOT, target)}`);
      problems++;
    }
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
      console.log(`cycle: ${stack.slice(stack.indexOf(next)).concat(next).map((f) => relative(ROOT, f)).join(' -> ')}`);
      problems++;
    } else if (!state.has(next) && graph.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

const long = [...graph.keys()].filter((f) => readFileSync(f, 'utf8').split('\n').length > 350);
for (const f of long) console.log(`over 350 lines: ${relative(ROOT, f)}`);
console.log(`${graph.size} files, ${problems + long.length} problems`);
process.exitCode = problems + long.length > 0 ? 1 : 0;
