import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and API tests (server + domain). The web build has its own vite.config.ts;
// browser journeys live in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Each file builds its own database; on PostgreSQL each is a separate database.
    fileParallelism: true,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a two-core machine, which left a core
    // idle for most of the suite. Two workers there: SQLite suite 162 → 118 s, PostgreSQL 323 → 215 s (the
    // database server takes the core a waiting worker leaves).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker's test files share its loaded modules instead of importing the app afresh for each file (the
    // imports took ~40 % of the suite: SQLite 312 s → 123 s, PostgreSQL 515 s → 318 s). Safe here because every
    // file builds its own database and app, and module-level caches are keyed by database
    // (e.g. src/server/modules/rankings/assessment-cache.ts).
    isolate: false,
    // New password hashes at argon2id's lowest cost instead of the product's (src/server/modules/sessions/passwords.ts):
    // the suites sign in and make accounts ~1,600 times a run, ~13 ms of CPU each at the product's cost.
    env: { TAIZHANG_TEST_PASSWORD_HASH: 'cheap' },
  },
});
