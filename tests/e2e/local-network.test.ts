import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot, setLoopbackPermission } from '../support/browser';
import { closeAll } from '../support/close-all';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal } from '../support/reception-page';
import { makeTestMyNumberCard, makeTestServiceCard } from '../support/virtual-cards';

/**
 * Chrome's Local Network Access, as at a real counter: the app comes from an address Chromium
 * treats as public (the platform's, here 127.0.0.1 told to count as public) and the bridge is on
 * the PC's loopback. Allowed, the terminal is set up and pairs as ever; blocked, every screen says
 * why no card can be read and where to allow it, and the kiosk tells the citizen to fetch staff.
 */
let platform: TestPlatform;
let bridge: TestBridge;
let browser: Browser;

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  const citizen = await makeTestMyNumberCard();
  const simulator = new SimulatedReaders({
    mynumber: citizen.card,
    service: makeTestServiceCard(),
  });
  bridge = await startTestBridge(simulator, { simulator, origins: [platform.url] });
  browser = await launchChromium({ publicAddresses: [new URL(platform.url).host] });
});
afterAll(() => closeAll(browser, bridge, platform));

async function pageWith(setting: 'granted' | 'denied' | 'not asked yet'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  // The permission belongs to the site: set before the app's first connection, as a person would
  // have answered the browser's prompt.
  await page.goto(`${platform.url}/v1/health`);
  if (setting !== 'not asked yet') await setLoopbackPermission(page, platform.url, setting);
  return page;
}

/** The page's own reading of its Local Network Access permission. */
const permissionState = (page: Page) =>
  page.evaluate(async () => {
    const status = await navigator.permissions.query({
      name: 'loopback-network',
    } as unknown as PermissionDescriptor);
    return status.state;
  });

describe('Local Network Access', () => {
  it('not asked yet: the browser asks at the first connection; answered 「ブロック」, the app says so at once', async () => {
    const page = await pageWith('not asked yet');
    expect(await permissionState(page)).toBe('prompt');
    // Headless Chromium answers its own prompt with no, as staff pressing ブロック would: the
    // public page never reaches loopback, and the app follows the permission's change.
    await page.goto(`${platform.url}/?bridge=${bridge.server.port}`);
    await expect.poll(() => page.getByTestId('bridge-blocked').isVisible()).toBe(true);
    expect(await page.getByTestId('line-bridge').textContent()).toBe(
      'カードブリッジ: ブラウザが接続を止めています',
    );
  });

  it('allowed: the app on a public origin reaches the loopback bridge, pairs and reads its state', async () => {
    const page = await pageWith('granted');
    await setUpTerminal(page, platform.url, platform, bridge);
    expect(await page.getByTestId('line-bridge').textContent()).toBe('カードブリッジ: 接続済み');
    expect(await page.getByTestId('bridge-blocked').count()).toBe(0);
    expect(await permissionState(page)).toBe('granted');
  });

  it('blocked: every screen says the browser stops the bridge and where to allow it', async () => {
    const page = await pageWith('denied');
    await page.goto(`${platform.url}/?bridge=${bridge.server.port}`);
    const blocked = page.getByTestId('bridge-blocked');
    await expect.poll(() => blocked.isVisible()).toBe(true);
    expect(await blocked.textContent()).toContain('ローカル ネットワーク アクセス');
    expect(await blocked.textContent()).toContain('「サイトの設定」');
    expect(await page.getByTestId('line-bridge').textContent()).toBe(
      'カードブリッジ: ブラウザが接続を止めています',
    );
    expect(await page.getByTestId('bridge-state').textContent()).toContain('ブロックされています');
    await screenshot(page, 'bridge-blocked');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    expect(await blocked.textContent()).toContain('Local network access');

    // The kiosk on the same PC tells the citizen to fetch staff, not to try again.
    const kiosk = await pageWith('denied');
    await kiosk.goto(`${platform.url}/?mode=kiosk&bridge=${bridge.server.port}`);
    await expect
      .poll(() => kiosk.getByTestId('kiosk-not-ready').textContent())
      .toContain('係員にお知らせください');
  });
});
