/**
 * PostgreSQL over the wire protocol on 127.0.0.1, backed by PGlite (PostgreSQL in
 * WebAssembly) with pgvector: what the Postgres store's tests run against when no
 * real server is given (PG_TEST_URL). Start-up takes seconds, so a test suite
 * shares one (test/store/pg-global-setup.ts).
 *
 * PGlite is one database session. pglite-socket multiplexes its connections onto
 * that session: statements are queued one at a time, and while a transaction is
 * open only the connection that opened it is served. So connections share session
 * state (settings, session advisory locks, LISTEN), which a real server keeps apart.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface PgliteServer {
  url: string;
  close(): Promise<void>;
}

/** Connections the server accepts: a pool needs more than one (a pool holding its only connection stalls). */
export const PGLITE_MAX_CONNECTIONS = 16;

export async function startPgliteServer(opts: { withVector?: boolean; maxConnections?: number } = {}): Promise<PgliteServer> {
  const db = await PGlite.create({ extensions: opts.withVector === false ? {} : { vector } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: opts.maxConnections ?? PGLITE_MAX_CONNECTIONS });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${conn}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
