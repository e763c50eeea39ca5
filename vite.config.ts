import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { STATIC_LOGIN_FILE } from './src/domain/page-session.ts';
import { noChunkImportCycles, precompress, preloadWithEntry, staticLoginPage, webChunks } from './scripts/web-build.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const apiTarget = 'http://127.0.0.1:8080';
// The dev server serves src/web/api/*.ts at /api/… too: those module requests must not go to the backend.
// Host is passed through unchanged so the server's same-origin check sees the page's own origin.
const apiProxy = { '^/api/(?!.*\\.tsx?(\\?.*)?$)': { target: apiTarget, changeOrigin: false } };

// The web app lives in src/web (its index.html is the Vite root); tests run from the repo root.
export default defineConfig({
  root: webRoot,
  plugins: [
    react(),
    preloadWithEntry({
      always: [path.join(webRoot, 'pages/login/LoginPage.tsx')],
      signedIn: [path.join(webRoot, 'app/AntShell.tsx')],
    }),
    staticLoginPage(STATIC_LOGIN_FILE, async () => (await import('./src/web/pages/login/static-login-page.tsx')).staticLoginPageHtml()),
    precompress(),
    noChunkImportCycles(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Every page is its own chunk and antd, tables, date pickers and ECharts load with the pages that use them:
    // the login page needs React, the router and the dictionary only (see scripts/web-build.ts).
    chunkSizeWarningLimit: 650, // ECharts is ~605 KB minified (~207 KB gzipped); warn if any chunk grows past it
    rollupOptions: {
      output: {
        manualChunks: webChunks({
          entry: path.join(webRoot, 'index.html'),
          outside: [path.join(webRoot, 'pages/login/LoginPage.tsx')],
          shell: ['app/AntShell.tsx', 'app/SignedInLayout.tsx', 'app/RouteError.tsx', 'pages/dashboard/DashboardPage.tsx'].map((f) =>
            path.join(webRoot, f),
          ),
          commonShare: 0.4,
        }),
      },
    },
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  test: {
    root: repoRoot,
    dir: repoRoot,
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
  },
});
