import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe, { type AxeResults } from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { inject } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
export async function launchChromium(
  options: { fakeCameraY4m?: string; publicAddresses?: string[]; trustedSpki?: string } = {},
): Promise<Browser> {
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
      // Pages from these host:port pairs count as public, as the platform's HTTPS address at a real
      // counter does: reaching the loopback bridge from them needs Local Network Access.
      ...(options.publicAddresses === undefined
        ? []
        : [
            `--ip-address-space-overrides=${options.publicAddresses.map((a) => `${a}=public`).join(',')}`,
          ]),
      // The test platform's TLS key, trusted as a real certificate would be (that key only).
      ...(options.trustedSpki === undefined
        ? []
        : [`--ignore-certificate-errors-spki-list=${options.trustedSpki}`]),
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
 * The reception app as `npm run build:app` builds it. With no options, the run's one build (made
 * once in the global setup: each file building its own cost seconds each); a test that changes
 * its build (a new version over an old one) asks for a folder of its own, or names one.
 */
export async function buildApp(
  options: { outDir?: string; label?: string; own?: boolean } = {},
): Promise<string> {
  const shared = inject('appDir');
  if (options.outDir === undefined && options.label === undefined && !options.own && shared !== '')
    return shared;
  return buildAppInto(
    options.outDir ?? join(mkdtempSync(join(tmpdir(), 'mykey-app-')), 'app'),
    options.label,
  );
}

export async function buildAppInto(outDir: string, label?: string): Promise<string> {
  await build({
    configFile: 'app/vite.config.ts',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    ...(label !== undefined ? { define: { __APP_BUILD__: JSON.stringify(label) } } : {}),
  });
  return outDir;
}

/** Screenshots go to test-results/screens, kept by CI as artefacts. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join('test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Sets Chrome's Local Network Access permission (`loopback-network`) for an origin in the page's
 * browser context through the DevTools protocol, as a person pressing 許可 or ブロック would.
 */
export async function setLoopbackPermission(
  page: Page,
  origin: string,
  setting: 'granted' | 'denied',
): Promise<void> {
  const context = page.context();
  const target = (await (await context.newCDPSession(page)).send('Target.getTargetInfo')) as {
    targetInfo: { browserContextId?: string };
  };
  const browser = context.browser();
  if (browser === null) throw new Error('the page has no browser');
  const session = await browser.newBrowserCDPSession();
  await session.send('Browser.setPermission', {
    origin,
    permission: { name: 'loopback-network' },
    setting,
    ...(target.targetInfo.browserContextId === undefined
      ? {}
      : { browserContextId: target.targetInfo.browserContextId }),
  });
}

const axeSource = axe.source;

/**
 * axe-core on the page as it stands, with every rule it runs by default. Injected once per loaded
 * document rather than at each check (@axe-core/playwright injected its 500 KB at every check:
 * 1.4 s a check against 0.17 s, most of the screens suite's time); the app has no frames to walk.
 * A run that checked nothing fails, so a broken injection cannot pass as "no violations".
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  if (result.passes.length < 10)
    throw new Error(`axe-core checked too little: ${result.passes.length} rules passed`);
  return result;
}
