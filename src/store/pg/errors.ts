/**
 * What goes wrong between the bot and its database, as one line and a fix: the
 * server cannot be reached or refuses the login, pgvector is missing, the schema is
 * from another version of the program. Raw driver errors become these at the edge
 * (connect, migrate, open), so no command prints a stack trace for a setting.
 */
export class DatabaseSetupError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'DatabaseSetupError';
  }
}

/** The database name of a connection string. */
export function databaseOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  } catch {
    return 'your_database';
  }
}

/** host:port/database of a connection string, without the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'ENETUNREACH']);

/** A driver error met while connecting, as a DatabaseSetupError when it is a setup problem; others unchanged. */
export function connectError(err: unknown, url: string): unknown {
  const e = err as { code?: string; message?: string };
  const where = describeUrl(url);
  const fix = 'start the server (scripts/setup-postgres.sh sets up a local one) or correct DATABASE_URL';
  if (e.code && UNREACHABLE.has(e.code)) return new DatabaseSetupError(`cannot reach PostgreSQL at ${where} (${e.code})`, fix);
  if (/timeout/i.test(e.message ?? '')) return new DatabaseSetupError(`cannot reach PostgreSQL at ${where} (connection timed out)`, fix);
  if (e.code === '28P01' || e.code === '28000') {
    return new DatabaseSetupError(`PostgreSQL at ${where} refused the login: ${e.message}`, 'check the user and password in DATABASE_URL');
  }
  if (e.code === '3D000') return new DatabaseSetupError(`PostgreSQL at ${where}: ${e.message}`, 'create it (createdb) or correct DATABASE_URL');
  return err;
}

/** pgvector is not installed on the server, or installed but not created in this database (which needs a superuser). */
export function vectorMissing(where: string, database: string, detail: string, installed: boolean): DatabaseSetupError {
  const create = `as a superuser: psql -d ${database} -c 'CREATE EXTENSION vector;'`;
  return installed
    ? new DatabaseSetupError(`the pgvector extension is installed on ${where} but not created in this database (${detail})`, create)
    : new DatabaseSetupError(
      `the pgvector extension is not installed on the PostgreSQL server at ${where} (${detail})`,
      `install pgvector ≥ 0.5: sudo scripts/setup-postgres.sh builds and installs it for a local server (or the postgresql-NN-pgvector package; hosted PostgreSQL: enable "vector"), then ${create}`,
    );
}

export function schemaMismatch(where: string, found: number, expected: number): DatabaseSetupError {
  return found > expected
    ? new DatabaseSetupError(`the index schema in ${where} is version ${found}, newer than this program's ${expected}`, 'update the program (git pull && npm ci), or point DATABASE_URL / PG_SCHEMA at another database')
    : new DatabaseSetupError(`the index schema in ${where} is version ${found}, this program uses ${expected}`, 'run `npm run index` once: it upgrades the schema and keeps the index');
}
