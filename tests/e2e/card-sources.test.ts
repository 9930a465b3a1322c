import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { writeCodabarY4m } from '../support/codabar-video';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal } from '../support/reception-page';
import {
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * Service cards without the bridge's reader: an NW-7 library card read by the camera (the
 * barcode reader's WebAssembly served by the app itself, nothing fetched from elsewhere), and a
 * keyboard-wedge scanner.
 */
let platform: TestPlatform;
let bridge: TestBridge;
let simulator: SimulatedReaders;
let browser: Browser;
let page: Page;
let myNumber: TestMyNumberCard;
const elsewhere: string[] = [];
const LIBRARY_CARD = 'A0012345678B';

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  myNumber = await makeTestMyNumberCard();
  simulator = new SimulatedReaders({ mynumber: myNumber.card, service: makeTestServiceCard() });
  bridge = await startTestBridge(simulator, { simulator, origins: [platform.url] });
  const video = join(mkdtempSync(join(tmpdir(), 'mykey-camera-')), 'library-card.y4m');
  writeCodabarY4m(video, LIBRARY_CARD);
  browser = await launchChromium({ fakeCameraY4m: video });
  // No service worker here, so every request the page makes passes the check below.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('http://127.0.0.1') || url.startsWith('ws://127.0.0.1'))
      return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  page = await context.newPage();
  await setUpTerminal(page, platform.url, platform, bridge);
  await page.getByRole('button', { name: 'サービスID登録' }).click();
});
afterAll(() => closeAll(browser, bridge, platform));

async function reachStepTwo(): Promise<void> {
  await page.getByRole('button', { name: '最初から' }).click();
  simulator.remove();
  simulator.place('mynumber');
  await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(myNumber.myKeyId);
}

describe('service cards without a reader', () => {
  it('reads an NW-7 library card with the camera, without fetching anything from elsewhere', async () => {
    await reachStepTwo();
    await page.getByRole('button', { name: 'カメラでバーコードを読む' }).click();
    await expect
      .poll(() => page.getByTestId('service-id').textContent(), { timeout: 20_000 })
      .toBe('0012345678');
    await screenshot(page, 'register-camera');
    expect(elsewhere).toEqual([]);
  });

  it('takes a keyboard-wedge scanner burst as the service card', async () => {
    await reachStepTwo();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.type('A0099887766B', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('service-id').textContent()).toBe('0099887766');
  });
});
