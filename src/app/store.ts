/**
 * Which store holds the index: PostgreSQL + pgvector when DATABASE_URL is set (or
 * STORE=postgres), local files otherwise. Both implement store/index-store.ts.
 */
import { storeKind, type Config } from '../config.js';
import { PgIndexStore } from '../store/pg/pg-store.js';

/** The PostgreSQL store the config asks for, or undefined for local files. The caller closes it. */
export function postgresStore(config: Config, onProgress?: (stage: string, done: number, total: number) => void): PgIndexStore | undefined {
  if (storeKind(config) !== 'postgres' || !config.DATABASE_URL) return undefined;
  return new PgIndexStore({ url: config.DATABASE_URL, schema: config.PG_SCHEMA, poolSize: config.PG_POOL_SIZE, onProgress });
}
