/** The shared test database (global-setup.ts) and a fresh schema per use, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { PgIndexStore } from '../../../src/store/pg/pg-store.js';

export const pgUrl = (): string => inject('pgUrl');
export const isPglite = (): boolean => inject('pgIsPglite');

export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function pgStore(schema: string): PgIndexStore {
  return new PgIndexStore({ url: pgUrl(), schema, poolSize: 4 });
}
