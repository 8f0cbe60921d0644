/**
 * Dev experiment: how well can the lexical signals the answerability check uses
 * separate answerable from unanswerable questions at all? Instead of hand-set
 * thresholds, a logistic model is fitted on every signal of every candidate window
 * (a window that holds the asked-for kind of thing), in-sample on the given sets,
 * and the question answers when its best window scores above t. Fitted on the very
 * questions it is scored on, the curve is optimistic: an upper bound for any
 * combination of these signals, not a model to serve.
 *
 *   npx tsx scripts/dev/answerability-ceiling.ts \
 *     --set QUERIES.jsonl@CORPUS[+CORPUS] [--set ...] [--lang chinese|english]
 *
 * Prints, per threshold, the answered rate of each answerable set and the refused
 * rate of each unanswerable one (a set is unanswerable when all its gold lists are empty).
 */
import { parseArgs } from 'node:util';
import { loadExpander } from '../../src/app/expander.js';
import { loadConfig } from '../../src/config.js';
import { ensureEvalIndex } from '../../src/eval/cache.js';
import { readQueries } from '../../src/eval/queries.js';
import { holdsAnswerOfType } from '../../src/retrieve/answer-candidates.js';
import { DEFAULT_ANSWERABILITY, examineHits, type QuestionEvidence } from '../../src/retrieve/answerability.js';
import { articleEvidenceOf, questionEvidence, sentencesOf, type SearchableIndex } from '../../src/retrieve/hybrid.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { textEvidence, unitPresence } from '../../src/retrieve/relevance.js';

const { values } = parseArgs({ options: { set: { type: 'string', multiple: true }, lang: { type: 'string', default: 'chinese' } } });
const config = loadConfig();
const expand = await loadExpander();
const settings = { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES };
const HAN = /\p{Script=Han}/u;

const FEATURES = ['coverage', 'direct', 'content', 'shown share', 'shown (≤4)', 'two sentences', 'log length', 'longest common run', 'heaviest unit shown',
  'heaviest unit missing', 'weight the corpus lacks', 'relevance', 'specifics lacking', 'rank', 'units'];

function longestCommonRun(a: string, b: string): number {
  let best = 0;
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? prev + 1 : 0;
      best = Math.max(best, row[j]!);
      prev = keep;
    }
  }
  return best;
}

/** Every signal of one candidate window, scaled to about [0, 1]. */
function windowFeatures(kb: SearchableIndex, qe: QuestionEvidence, question: string, w: { coverage: number; direct: number; content: number; shown: number; text: string; sentences: string[] }, presence: number[], art: { relevance: number; missingShare: number; rank: number }): number[] {
  const P = qe.prepared;
  const units = P.units.map((_, i) => i).filter((i) => !P.unverifiable[i] && !P.filler[i]);
  const total = units.reduce((s, i) => s + P.weights[i]!, 0) || 1;
  const byWeight = [...units].sort((a, b) => P.weights[b]! - P.weights[a]!);
  const unshown = units.filter((i) => presence[i]! < 0.5).map((i) => P.weights[i]!);
  const lacking = units.filter((i) => P.units[i]!.alternatives.every((a) => (HAN.test(a) && [...a].length > 1 ? kb.lexical.termDf(a) : kb.lexical.df(a)) === 0));
  const length = w.sentences.join('').length;
  return [
    w.coverage, w.direct, w.content, w.shown / Math.max(1, units.length), Math.min(w.shown, 4) / 4, w.sentences.length - 1, Math.log1p(length) / 6,
    qe.english ? 0 : longestCommonRun(qe.form, w.text) / Math.max(1, question.length),
    byWeight.length > 0 ? presence[byWeight[0]!]! : 1,
    unshown.length > 0 ? Math.max(...unshown) / total : 0,
    lacking.reduce((s, i) => s + P.weights[i]!, 0) / total,
    art.relevance, art.missingShare, art.rank / 4, units.length / 10,
  ];
}

interface Question { set: string; answerable: boolean; windows: { x: number[]; gold: boolean }[] }

async function collect(spec: string): Promise<Question[]> {
  const [queries, corpora] = spec.split('@') as [string, string];
  const { indexDir } = await ensureEvalIndex(corpora.split('+'), settings, 'data/eval-cache');
  const kb = await openKnowledgeBase(indexDir, { expand });
  const evidenceOf = articleEvidenceOf(kb);
  const out: Question[] = [];
  for (const q of await readQueries(queries)) {
    const hits = await kb.search(q.q, { k: 5 });
    const qe = questionEvidence(kb, q.q, expand);
    const examined = examineHits(qe, hits, evidenceOf, { ...DEFAULT_ANSWERABILITY, minRelevance: config.MIN_RELEVANCE, maxMissing: { chinese: 1, english: 1 } }, sentencesOf(kb));
    const windows: Question['windows'] = [];
    for (const e of examined) {
      // A missing year is a hard rule (another time, another story); the rest is for the model to weigh.
      if (e.missingShare >= 1) continue;
      const hit = hits[e.hit]!;
      for (const w of e.windows) {
        if (w.coverage < 0.2 || !w.focusShown || !holdsAnswerOfType(qe.type, w.text, qe.ownText)) continue;
        const presence = unitPresence(qe.prepared, [textEvidence(w.text)]);
        windows.push({ x: windowFeatures(kb, qe, q.q, w, presence, { relevance: hit.relevance, missingShare: e.missingShare, rank: e.hit }), gold: q.gold.includes(hit.article.url) });
      }
    }
    out.push({ set: queries.split('/').slice(-2).join('/'), answerable: q.gold.length > 0, windows });
  }
  return out;
}

/** L2-regularised logistic regression by Newton's method on standardised features; each set weighs the same. */
function fit(rows: { x: number[]; y: number; w: number }[], l2 = 1e-3): (x: number[]) => number {
  const d = rows[0]!.x.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows) r.x.forEach((v, j) => (mean[j]! += v / rows.length));
  for (const r of rows) r.x.forEach((v, j) => (sd[j]! += (v - mean[j]!) ** 2 / rows.length));
  const z = (x: number[]) => [...x.map((v, j) => (v - mean[j]!) / (Math.sqrt(sd[j]!) || 1)), 1];
  const X = rows.map((r) => z(r.x));
  const W = rows.reduce((s, r) => s + r.w, 0);
  const n = d + 1;
  const beta = new Array<number>(n).fill(0);
  for (let iter = 0; iter < 25; iter++) {
    const grad = beta.map((b, j) => (j < d ? l2 * b : 0));
    const hess = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, k) => (j === k && j < d ? l2 : 0)));
    X.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * beta[j]!, 0)));
      const w = rows[i]!.w / W;
      for (let j = 0; j < n; j++) {
        grad[j]! += (p - rows[i]!.y) * w * x[j]!;
        for (let k = 0; k < n; k++) hess[j]![k]! += p * (1 - p) * w * x[j]! * x[k]!;
      }
    });
    const step = solve(hess, grad);
    beta.forEach((_, j) => (beta[j]! -= step[j]!));
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  console.log('weights (standardised):', FEATURES.map((f, j) => `${f} ${beta[j]!.toFixed(2)}`).join(', '));
  return (x) => 1 / (1 + Math.exp(-z(x).reduce((s, v, j) => s + v * beta[j]!, 0)));
}

/** Gaussian elimination with partial pivoting (a is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) x[r] = (m[r]![n]! - m[r]!.slice(r + 1, n).reduce((s, v, k) => s + v * x[r + 1 + k]!, 0)) / m[r]![r]!;
  return x;
}

const questions = (await Promise.all((values.set ?? []).map(collect))).flat();
const sets = [...new Set(questions.map((q) => q.set))];
const sizes = new Map(sets.map((s) => [s, questions.filter((q) => q.set === s).length]));
const rows = questions.flatMap((q) => q.windows.map((w) => ({ x: w.x, y: q.answerable && w.gold ? 1 : 0, w: 1 / sizes.get(q.set)! })));
console.log(`${values.lang}: ${questions.length} questions, ${rows.length} candidate windows, ${rows.filter((r) => r.y).length} in gold articles`);
const score = fit(rows);
const best = questions.map((q) => Math.max(-1, ...q.windows.map((w) => score(w.x))));
console.log(`| t | ${sets.map((s) => `${s} (${questions.find((q) => q.set === s)!.answerable ? 'answered' : 'refused'})`).join(' | ')} |`);
console.log(`| ---: | ${sets.map(() => '---:').join(' | ')} |`);
for (let t = 0.1; t < 0.96; t += 0.05) {
  const cells = sets.map((s) => {
    const idx = questions.map((q, i) => [q, i] as const).filter(([q]) => q.set === s);
    const answered = idx.filter(([, i]) => best[i]! >= t).length / idx.length;
    return (idx[0]![0].answerable ? answered : 1 - answered).toFixed(3);
  });
  console.log(`| ${t.toFixed(2)} | ${cells.join(' | ')} |`);
}
