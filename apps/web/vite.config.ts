import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compressAndReport } from './build/first-load.ts';

// The server serves dist/ at / and tRPC at /trpc on the same origin; in dev the
// proxy keeps that same-origin shape so the httpOnly auth cookies just work.
export default defineConfig({
  // compressAndReport: .br/.gz beside each file (served by Accept-Encoding) and the
  // first-load figures (docs/performance.md).
  plugins: [react(), compressAndReport()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 5173,
    proxy: { '/trpc': { target: 'http://127.0.0.1:5000', changeOrigin: false } },
  },
});
