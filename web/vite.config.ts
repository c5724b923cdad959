/**
 * @module Vite build of the investigator's web UI: `web/` in, `dist/web/` out, served by
 * `vigil serve` (src/server/routes/web.routes.ts). No inline scripts or styles, so the app's CSP
 * (`script-src 'self'`, `style-src 'self'`) holds without 'unsafe-inline'.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A file URL, decoded, so the config works from any working directory without Node's types.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Every asset is a file: a data: URL inlined into CSS or JS would be fine for img-src, but
    // keeping files makes the served set obvious and cacheable.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
