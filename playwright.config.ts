import { defineConfig } from '@playwright/test';

// Browser journeys against the real built UI and a real server with a fresh
// SQLite database seeded with the demo district. Debian's Chromium only.
const PORT = Number(process.env.E2E_PORT ?? 18181);
const DATA_DIR = '.tmp/e2e-data';
// The demo district's tree is small (35 organizations); under this limit the journeys' pickers get it as a
// province's would come, a level at a time (the district's whole tree is what the API tests read).
const ORG_TREE_WHOLE_MAX = 10;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  outputDir: '.tmp/test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // As a phone set to remove animations (the app then turns antd's motion off): a click on a dialog that is still
    // zooming in could land beside its target on a busy machine, and was lost. One journey in phone.spec.ts checks
    // both settings.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${DATA_DIR} && DATA_DIR=${DATA_DIR} DEMO=1 PORT=${PORT} ORG_TREE_WHOLE_MAX=${ORG_TREE_WHOLE_MAX} LOG_LEVEL=warn node_modules/.bin/tsx src/server/main.ts`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
