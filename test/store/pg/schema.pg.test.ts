/** Readers refuse a schema from another version of the program; the index command creates it. */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/cli/errors.js';
import { SCHEMA_VERSION } from '../../../src/store/pg/schema.js';
import { dropSchema, freshSchema, pgStore, pgUrl } from './helpers.js';

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});

describe('PostgreSQL schema version', () => {
  it('no schema: no index (readers do not create it); a writer creates it at this version', async () => {
    const schema = freshSchema('schema');
    schemas.push(schema);
    const store = pgStore(schema);
    try {
      expect(await store.currentVersion()).toBeUndefined();
      expect(await store.open()).toBeUndefined();
      const w = await store.writer({ full: true, dimensions: 4 });
      await w.abort();
      const client = new pg.Client({ connectionString: pgUrl() });
      await client.connect();
      const r = await client.query(`SELECT max(version) AS v FROM ${schema}.schema_version`);
      await client.end();
      expect(r.rows[0].v).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });

  it('a newer schema is refused in one line, with the fix', async () => {
    const schema = freshSchema('schema');
    schemas.push(schema);
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.schema_version (version int NOT NULL); INSERT INTO ${schema}.schema_version VALUES (${SCHEMA_VERSION + 98})`);
    await client.end();
    const store = pgStore(schema);
    try {
      const err = await store.open().catch((e: unknown) => e);
      const { lines } = describeError('ask', err);
      expect(lines[0]).toMatch(new RegExp(`^ask: the index schema in .* \\(schema ${schema}\\) is version ${SCHEMA_VERSION + 98}, newer than this program's ${SCHEMA_VERSION}$`));
      expect(lines[1]).toMatch(/update the program/);
      await expect(store.writer({ full: true, dimensions: 4 })).rejects.toThrow(/newer than this program/);
    } finally {
      await store.close();
    }
  });
});
