/**
 * Which store holds the index: PostgreSQL + pgvector when DATABASE_URL is set (or
 * STORE=postgres), local files otherwise. Both implement store/index-store.ts.
 */
import { storeKind, type Config } from '../config.js';
import type { Logger } from '../log.js';
import { PgIndexStore } from '../store/pg/pg-store.js';
import { PgFeedbackLog } from '../store/pg/feedback.js';

/** The PostgreSQL store the config asks for, or undefined for local files. The caller closes it. */
export function postgresStore(config: Config, onProgress?: (stage: string, done: number, total: number) => void): PgIndexStore | undefined {
  if (storeKind(config) !== 'postgres' || !config.DATABASE_URL) return undefined;
  return new PgIndexStore({ url: config.DATABASE_URL, schema: config.PG_SCHEMA, poolSize: config.PG_POOL_SIZE, onProgress });
}

/** With a database, feedback and refused questions go to its feedback table (every shard to one place); else undefined (JSONL). */
export function postgresFeedback(config: Config, log: Logger): PgFeedbackLog | undefined {
  if (storeKind(config) !== 'postgres' || !config.DATABASE_URL) return undefined;
  return new PgFeedbackLog(config.DATABASE_URL, config.PG_SCHEMA, (err) => log.error({ err }, 'could not write feedback to the database'));
}
