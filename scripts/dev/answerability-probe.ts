/**
 * Dev probe: per question, what the answerability check sees: answer type, top
 * relevance, the served decision, and per relevant article the specifics it lacks
 * and its windows as [coverage, content, keyShown, typed], to try thresholds
 * offline. JSONL.
 *   npx tsx scripts/dev/answerability-probe.ts --corpus DIR [--corpus DIR] --queries FILE.jsonl
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { loadExpander } from '../../src/app/expander.js';
import { ensureEvalIndex } from '../../src/eval/cache.js';
import { readQueries } from '../../src/eval/queries.js';
import { holdsAnswerOfType } from '../../src/retrieve/answer-candidates.js';
import { DEFAULT_ANSWERABILITY, examineHits } from '../../src/retrieve/answerability.js';
import { articleEvidenceOf, questionEvidence, sentencesOf } from '../../src/retrieve/hybrid.js';
import { openKnowledgeBase } from '../../src/retrieve/knowledge-base.js';
import { textEvidence, unitPresence } from '../../src/retrieve/relevance.js';

const { values } = parseArgs({ options: { corpus: { type: 'string', multiple: true }, queries: { type: 'string' } } });
const config = loadConfig();
const expand = await loadExpander();
const settings = { chunkSize: config.CHUNK_SIZE, chunkOverlap: config.CHUNK_OVERLAP, maxFileBytes: config.MAX_FILE_BYTES };
const { indexDir } = await ensureEvalIndex(values.corpus!, settings, 'data/eval-cache');
const kb = await openKnowledgeBase(indexDir, { expand });
const round = (x: number) => Math.round(x * 1000) / 1000;
const DATED = /^(?:(?:1[5-9]|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december)$/i;
/** Units the window shows itself (presence ≥ 0.5, verifiable), and whether it shows every year or month the question names. */
function windowShows(qe: ReturnType<typeof questionEvidence>, text: string): [number, number] {
  const p = unitPresence(qe.prepared, [textEvidence(text)]);
  const shown = p.filter((x, i) => x >= 0.5 && !qe.prepared.unverifiable[i] && !qe.prepared.filler[i]).length;
  const dated = qe.prepared.units.every((u, i) => !(u.alternatives.some((a) => DATED.test(a)) || DATED.test(u.label ?? '')) || p[i]! >= 0.5);
  return [shown, dated ? 1 : 0];
}
for (const q of await readQueries(values.queries!)) {
  const hits = await kb.search(q.q, { k: 5 });
  const served = kb.assess(q.q, hits, config.MIN_RELEVANCE);
  const qe = questionEvidence(kb, q.q, expand);
  const examined = examineHits(qe, hits, articleEvidenceOf(kb), { ...DEFAULT_ANSWERABILITY, minRelevance: config.MIN_RELEVANCE, maxMissing: { chinese: 1, english: 1 } }, sentencesOf(kb));
  process.stdout.write(`${JSON.stringify({
    id: q.id, answerable: q.gold.length > 0, lang: q.lang, q: q.q, type: served.type, rel: round(hits[0]?.relevance ?? 0),
    ok: served.answerable, reason: served.reason, missing: served.missing,
    shareU: examineHits(qe, hits, articleEvidenceOf(kb), { ...DEFAULT_ANSWERABILITY, minRelevance: config.MIN_RELEVANCE, maxMissing: { chinese: 1, english: 1 }, unconfirmedNames: Number(process.env.UNCONFIRMED ?? 1) }, sentencesOf(kb)).map((e) => round(e.missingShare)),
    articles: examined.map((e) => ({ lacking: e.lacking, share: round(e.missingShare), windows: e.windows.filter((w) => w.coverage >= 0.25).map((w) => [round(w.coverage), round(w.direct), round(w.content), holdsAnswerOfType(qe.type, w.text, qe.ownText) ? 1 : 0, ...windowShows(qe, w.text)]) })),
    best: served.support[0]?.sentences.join('').slice(0, 60),
    specifics: qe.prepared.units.flatMap((u, i) => (u.specific ? [[u.label ?? u.alternatives[0], round(qe.prepared.weights[i]!), qe.prepared.unverifiable[i] ? 1 : 0]] : [])),
    units: qe.prepared.units.map((u, i) => [u.label ?? u.alternatives[0], round(qe.prepared.weights[i]!)]),
  })}\n`);
}
