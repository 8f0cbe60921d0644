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

export function vectorMissing(where: string, detail: string): DatabaseSetupError {
  return new DatabaseSetupError(
    `the pgvector extension is not available in ${where} (${detail})`,
    'install pgvector ≥ 0.5 (Debian/Ubuntu: postgresql-NN-pgvector, or scripts/setup-postgres.sh; hosted PostgreSQL: enable "vector"), then as a superuser: CREATE EXTENSION vector;',
  );
}

export function schemaMismatch(where: string, found: number, expected: number): DatabaseSetupError {
  return found > expected
    ? new DatabaseSetupError(`the index schema in ${where} is version ${found}, newer than this program's ${expected}`, 'update the program (git pull && npm ci), or point DATABASE_URL / PG_SCHEMA at another database')
    : new DatabaseSetupError(`the index schema in ${where} is version ${found}, this program uses ${expected}`, 'run `npm run index` once: it upgrades the schema and keeps the index');
}
