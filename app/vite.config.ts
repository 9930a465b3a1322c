import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The reception app's build: `npm run build:app` → dist/app, which the platform serves at `/`.
 * The service worker (sw/sw.ts) is built by vite-plugin-pwa's injectManifest, which hands it the
 * list of files to precache.
 */
/**
 * Brotli and gzip copies beside every text asset (and the WebAssembly), written once at build:
 * the platform serves them as they are (`@fastify/static` `preCompressed`), nothing compressed
 * per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'mykey-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|mjs|css|html|svg|webmanifest|wasm)$/.test(file)) continue;
        const path = join(outDir, file);
        const bytes = readFileSync(path);
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

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
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the first screen needs in one chunk: otherwise each set of modules shared
          // with a lazy screen (ポイント, 端末設定, the kiosk) became its own small file, and each
          // file compresses on its own, larger in all. (main.tsx is in it too, so it must not
          // await a lazy chunk at its top level: that chunk imports this one.)
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: './sw',
      filename: 'sw.ts',
      injectRegister: false,
      // The manifest is ours (app/public/manifest.webmanifest), not generated.
      manifest: false,
      injectManifest: {
        // Not the WebAssembly: the service worker caches it the first time the camera is used.
        globPatterns: ['**/*.{js,css,html,webmanifest,png,svg}'],
      },
    }),
    precompress(),
  ],
});
