/**
 * One PostgreSQL for every `*.pg.test.ts`: the server PG_TEST_URL names, or else a
 * PGlite server with pgvector on 127.0.0.1 (start-up takes seconds, so it is shared).
 * Each test file works in schemas of its own (see helpers.ts).
 */
import type { TestProject } from 'vitest/node';
import { startPgliteServer, type PgliteServer } from '../../../fakes/pglite-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgIsPglite: boolean;
  }
}

let server: PgliteServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.PG_TEST_URL?.trim();
  if (!given) server = await startPgliteServer();
  project.provide('pgUrl', given || server!.url);
  project.provide('pgIsPglite', !given);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
