import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = 'http://127.0.0.1:8080';
// The dev server serves src/web/api/*.ts at /api/… too: those module requests must not go to the backend.
// Host is passed through unchanged so the server's same-origin check sees the page's own origin.
const apiProxy = { '^/api/(?!.*\\.tsx?(\\?.*)?$)': { target: apiTarget, changeOrigin: false } };

// The web app lives in src/web (its index.html is the Vite root); tests run from the repo root.
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // antd is one large, shared vendor chunk; splitting it further only adds requests.
    chunkSizeWarningLimit: 1300, // antd alone is ~1.23 MB minified (~385 KB gzipped); warn if it grows past that
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (/node_modules\/(antd|@ant-design|rc-[a-z-]+|@rc-component|dayjs|@emotion)\//.test(id)) return 'antd';
          if (/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts';
          return 'vendor';
        },
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
