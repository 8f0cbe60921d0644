/** Shared by the feed tests: the fixture routes for the local feed server, and file snapshots. */
import { readFileSync } from 'node:fs';
import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedRoute, FeedServer } from '../../fakes/feed-server.js';
import { SEEDS_DIR, tempDir } from '../helpers/corpus.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'feeds');
export const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');

export const FEED_FIXTURES: Record<string, FeedRoute> = {
  '/rfa-mandarin.xml': { body: fixture('rfa-mandarin.xml'), etag: '"rfa-1"' },
  '/voa-cantonese.atom.xml': { body: fixture('voa-cantonese.atom.xml'), contentType: 'application/atom+xml', lastModified: 'Tue, 24 Nov 2026 07:10:00 GMT' },
  '/rdf.xml': { body: fixture('dw-chinese.rdf'), contentType: 'application/rdf+xml' },
  '/flaky.xml': { body: fixture('rfa-mandarin.xml'), failFirst: 1 },
  '/malformed.xml': { body: fixture('malformed.xml') },
  '/rfa-cantonese-duplicates.xml': { body: fixture('rfa-cantonese-duplicates.xml') },
  '/rfa-cantonese-duplicates.xml?again': { body: fixture('rfa-cantonese-duplicates.xml') },
  '/hang.xml': { hang: true },
  '/gone.xml': { status: 410, body: 'gone' },
  '/huge-declared.xml': { body: 'x'.repeat(200_000) },
  '/huge-streamed.xml': { streamBytes: 50_000_000 },
};

/** name → [bytes, mtime] of every file in dir. */
export async function snapshotDir(dir: string): Promise<Map<string, [string, number]>> {
  const out = new Map<string, [string, number]>();
  for (const name of (await readdir(dir)).sort()) {
    const file = join(dir, name);
    out.set(name, [(await readFile(file)).toString('base64'), (await stat(file)).mtimeMs]);
  }
  return out;
}

/**
 * A temp folder with a copy of seeds/ as `corpus` and room for `index`, and an environment
 * for it reading the given feed paths of the server. Nothing is inherited from the shell:
 * a child must not pick up keys, feeds or folders from the developer's environment.
 */
export async function feedsSandbox(server: FeedServer, feedPaths: string[], extra: Record<string, string> = {}) {
  const dir = await tempDir('qa-feeds-');
  await cp(SEEDS_DIR, join(dir, 'corpus'), { recursive: true });
  const env: Record<string, string> = {
    CORPUS_DIR: join(dir, 'corpus'), INDEX_DIR: join(dir, 'index'), EMBEDDER: 'local', ANSWER_MODE: 'extractive',
    OPENAI_API_KEY: '', DISCORD_TOKEN: '', LOG_LEVEL: 'silent', FEED_URLS: feedPaths.map((p) => server.url(p)).join(','), ...extra,
  };
  return { dir, env };
}
