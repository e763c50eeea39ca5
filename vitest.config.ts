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
  },
});
