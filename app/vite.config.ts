import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The reception app's build: `npm run build:app` → dist/app, which the platform serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
