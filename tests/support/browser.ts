import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
export async function launchChromium(options: { fakeCameraY4m?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing (${CHROMIUM}): sudo apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.fakeCameraY4m === undefined
        ? []
        : [
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${options.fakeCameraY4m}`,
          ]),
    ],
  });
}

/**
 * Builds the reception app into a folder of the test's own (or over an earlier build, to make a
 * new version), as `npm run build:app` does.
 */
export async function buildApp(options: { outDir?: string; label?: string } = {}): Promise<string> {
  const outDir = options.outDir ?? join(mkdtempSync(join(tmpdir(), 'mykey-app-')), 'app');
  await build({
    configFile: 'app/vite.config.ts',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    ...(options.label !== undefined
      ? { define: { __APP_BUILD__: JSON.stringify(options.label) } }
      : {}),
  });
  return outDir;
}

/** Screenshots go to test-results/screens, kept by CI as artefacts. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join('test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
