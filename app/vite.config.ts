import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The reception app's build: `npm run build:app` → dist/app, which the platform serves at `/`.
 * The service worker (sw/sw.ts) is built by vite-plugin-pwa's injectManifest, which hands it the
 * list of files to precache.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Shown in Setup, so staff (and the update test) can tell which version runs.
  define: { __APP_BUILD__: JSON.stringify(new Date().toISOString()) },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../sw',
      filename: 'sw.ts',
      injectRegister: false,
      // The manifest is ours (app/public/manifest.webmanifest), not generated.
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,webmanifest,png,svg,wasm}'],
      },
    }),
  ],
});
