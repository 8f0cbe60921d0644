import { defineConfig } from 'vitest/config';

/** Tests over PostgreSQL (`*.pg.test.ts`) share one server, started once by their project's global setup. */
const PG_TESTS = 'test/**/*.pg.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [PG_TESTS] } },
      { extends: true, test: { name: 'postgres', include: [PG_TESTS], globalSetup: ['test/store/pg/global-setup.ts'] } },
    ],
  },
});
