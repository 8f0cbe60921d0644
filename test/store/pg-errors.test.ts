/** A bad PostgreSQL setup is one line naming the problem and one naming the fix, never a stack trace. */
import { describe, expect, it } from 'vitest';
import { PgIndexStore } from '../../src/store/pg/pg-store.js';
import { DatabaseSetupError } from '../../src/store/pg/errors.js';
import { migrate } from '../../src/store/pg/schema.js';
import { describeError } from '../../src/cli/errors.js';
import { parseConfig, secretsOf, storeKind } from '../../src/config.js';
import { startPgliteServer } from '../../fakes/pglite-server.js';

describe('PostgreSQL setup errors', () => {
  it('an unreachable server: where, and how to fix it', async () => {
    const store = new PgIndexStore({ url: 'postgres://bot:secret@127.0.0.1:1/news', connectTimeoutMs: 2000 });
    try {
      const err = await store.currentVersion().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseSetupError);
      const { lines, code } = describeError('search', err);
      expect(code).toBe(1);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^search: cannot reach PostgreSQL at 127\.0\.0\.1:1\/news \(ECONNREFUSED\)$/);
      expect(lines[1]).toMatch(/setup-postgres\.sh|DATABASE_URL/);
      expect(lines.join('\n')).not.toContain('secret');
    } finally {
      await store.close();
    }
  });

  it('pgvector missing: says how to install it', async () => {
    const db = {
      async query(sql: string) {
        if (/FROM pg_extension/.test(sql)) return { rows: [] };
        if (/CREATE EXTENSION/.test(sql)) throw Object.assign(new Error('could not open extension control file "vector.control"'), { code: '0A000' });
        return { rows: [] };
      },
    };
    const err = await migrate(db as never, 'zhnews', 'postgres://u:p@db.example:5433/news').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    const { lines } = describeError('index', err);
    expect(lines[0]).toBe('index: the pgvector extension is not installed on the PostgreSQL server at db.example:5433/news (could not open extension control file "vector.control")');
    expect(lines[1]).toMatch(/^install pgvector ≥ 0\.5: sudo scripts\/setup-postgres\.sh builds and installs it .*then as a superuser: psql -d news -c 'CREATE EXTENSION vector;'$/);
  });

  it('pgvector installed but not created in the database, by a user who may not: the command that creates it', async () => {
    const db = {
      async query(sql: string) {
        if (/FROM pg_available_extensions/.test(sql)) return { rows: [{ '?column?': 1 }] };
        if (/CREATE EXTENSION/.test(sql)) throw Object.assign(new Error('permission denied to create extension "vector"'), { code: '42501' });
        return { rows: [] };
      },
    };
    const err = await migrate(db as never, 'zhnews', 'postgres://u:p@db.example:5433/news').catch((e: unknown) => e);
    expect(describeError('index', err).lines).toEqual([
      'index: the pgvector extension is installed on db.example:5433/news but not created in this database (creating it needs a superuser)',
      "as a superuser: psql -d news -c 'CREATE EXTENSION vector;'",
    ]);
  });

  it('pgvector missing on a real server (PGlite without the extension): one line and the fix, from the index command', async () => {
    const server = await startPgliteServer({ withVector: false });
    const store = new PgIndexStore({ url: server.url });
    try {
      const err = await store.writer({ full: true, dimensions: 4 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseSetupError);
      const { lines } = describeError('index', err);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^index: the pgvector extension is not installed on the PostgreSQL server at 127\.0\.0\.1:\d+\/postgres \(.*vector.*\)$/);
      expect(lines[1]).toMatch(/scripts\/setup-postgres\.sh/);
    } finally {
      await store.close();
      await server.close();
    }
  });

  it('DATABASE_URL selects PostgreSQL; STORE=postgres without it is a setting error; the password is a secret', () => {
    expect(storeKind(parseConfig({}))).toBe('local');
    const config = parseConfig({ DATABASE_URL: 'postgres://bot:hunter22@127.0.0.1/news' });
    expect(storeKind(config)).toBe('postgres');
    expect(secretsOf(config)).toContain('hunter22');
    expect(storeKind(parseConfig({ DATABASE_URL: 'postgres://x@h/d', STORE: 'local' }))).toBe('local');
    expect(() => parseConfig({ STORE: 'postgres' })).toThrow(/DATABASE_URL: STORE=postgres needs DATABASE_URL/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://bot:hunter22@h/d' })).toThrow(/DATABASE_URL: expected postgres:\/\/.*\(got "\*\*\*"\)/);
    expect(() => parseConfig({ SHARD_COUNT: 'many' })).toThrow(/SHARD_COUNT/);
    expect(parseConfig({ SHARD_COUNT: '3' }).SHARD_COUNT).toBe(3);
    expect(parseConfig({ SHARD_COUNT: 'auto' }).SHARD_COUNT).toBe('auto');
  });
});
