/**
 * One index run at a time per schema: a second writer is refused while the first
 * holds the advisory lock, and gets it once the first commits. PGlite serves every
 * connection from one session (session locks are shared), so this needs a real
 * server: it runs with PG_TEST_URL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IndexBusyError } from '../../../src/util/lock.js';
import { describeError } from '../../../src/cli/errors.js';
import { dropSchema, freshSchema, isPglite, pgStore } from './helpers.js';

const schema = freshSchema('lock');
afterAll(() => dropSchema(schema));

describe('PostgreSQL advisory lock', () => {
  it.skipIf(isPglite())('refuses a second concurrent index run with one line, then lets the next one in', async () => {
    const a = pgStore(schema);
    const b = pgStore(schema);
    try {
      const first = await a.writer({ full: true, dimensions: 2 });
      const err = await b.writer({ full: true, dimensions: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexBusyError);
      expect(describeError('index', err).lines).toEqual([expect.stringMatching(/^index: another index run .* is using .*schema lock_/)]);
      await first.abort();
      const second = await b.writer({ full: true, dimensions: 2 });
      await second.abort();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
