/**
 * A second process reading the store, as a bot would: polls the published version
 * and, when it changes, opens the new snapshot and prints one JSON line about it.
 * argv: url schema pollMs
 */
import { PgIndexStore } from '../../../src/store/pg/pg-store.js';

const [url, schema, pollMs] = process.argv.slice(2);
const store = new PgIndexStore({ url: url!, schema: schema!, poolSize: 2 });
let seen: string | undefined;
const tick = async () => {
  const v = await store.currentVersion();
  if (v === undefined || v === seen) return;
  seen = v;
  const snap = (await store.open())!;
  const hits = await snap.lexicalCandidates([{ term: 'council', weight: 1 }], 5);
  const texts = (await snap.chunks(hits.map((h) => h.label))).map((c) => c?.text);
  process.stdout.write(`${JSON.stringify({ version: v, articles: snap.meta.articles, texts, at: Date.now() })}\n`);
};
const timer = setInterval(() => void tick().catch((err: Error) => process.stderr.write(`${err.message}\n`)), Number(pollMs));
process.on('SIGTERM', () => {
  clearInterval(timer);
  void store.close().then(() => process.exit(0));
});
