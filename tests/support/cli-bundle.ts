import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * The operator CLI as one file, built once per test run from the same source `npm run platform`
 * runs through tsx: every command is a process of its own, and tsx's loader spent about 1.3 s of
 * each (of 3.6 s) on this machine; the database work is the same either way.
 * The bundle lives under node_modules so the packages it leaves out resolve as they do for tsx.
 */
export function bundleCli(): string {
  const dir = resolve('node_modules/.cache/mykey-cli-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `cli-${process.pid}.mjs`);
  buildSync({
    entryPoints: ['platform/cli/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    // The one module that reads import.meta.url finds its migrations beside itself.
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(resolve('platform/store/migrate.ts')).href),
    },
  });
  return outfile;
}
