import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console (staff, at /) and the portal (customers, at /portal): one React app, one build into
 * web/dist, served by omc itself (src/http/web.ts). `npm install`, `npm start` and `npm test` run it.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API of `npm start`.
    proxy: { '/v1': 'http://localhost:3000' },
  },
});
