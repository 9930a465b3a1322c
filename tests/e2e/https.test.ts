import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { createTerminal } from '../../platform/domain/terminals';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot, setLoopbackPermission } from '../support/browser';
import { closeAll } from '../support/close-all';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { until } from '../support/reception-page';
import { makeTestTls } from '../support/tls';
import {
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * The counter as it will run: the platform serves the app over HTTPS (MYKEY_TLS_CERT/KEY, a test
 * CA's certificate for 127.0.0.1 whose key the test Chromium trusts), from an origin Chromium treats
 * as public, with the bridge on the PC's loopback and Local Network Access allowed. The terminal
 * enrols (WebCrypto key), pairs, registers a service ID and looks it up.
 */
const SERVICE_IDM = '0114C0FFEE000001';
let platform: TestPlatform;
let bridge: TestBridge;
let browser: Browser;
let page: Page;
let simulator: SimulatedReaders;
let citizen: TestMyNumberCard;

beforeAll(async () => {
  const tls = await makeTestTls();
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', {
    MYKEY_APP_DIR: appDir,
    MYKEY_TLS_CERT: tls.certPath,
    MYKEY_TLS_KEY: tls.keyPath,
  });
  citizen = await makeTestMyNumberCard();
  platform.trustCa(citizen.ca);
  // Registered at a kiosk before (the kiosk's own suite covers that path).
  await platform.db.query(`INSERT INTO my_keys VALUES ($1, 'default', $2, $3)`, [
    citizen.myKeyId,
    citizen.issued.issuer,
    citizen.issued.serial,
  ]);
  simulator = new SimulatedReaders({
    mynumber: citizen.card,
    service: makeTestServiceCard(SERVICE_IDM),
  });
  bridge = await startTestBridge(simulator, { simulator, origins: [platform.url] });
  browser = await launchChromium({
    trustedSpki: tls.spki,
    publicAddresses: [new URL(platform.url).host],
  });
  page = await (await browser.newContext()).newPage();
});
afterAll(() => closeAll(browser, bridge, platform));

describe('the counter over HTTPS', () => {
  it('serves the app over HTTPS in a secure context, and enrols and pairs the terminal', async () => {
    expect(platform.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await page.goto(`${platform.url}/v1/health`);
    await setLoopbackPermission(page, platform.url, 'granted');
    const created = await createTerminal(platform.db, { providerCode: 'a1', name: 'レジ1' });
    if (!created.ok) throw new Error(created.code);
    await page.goto(`${platform.url}/?bridge=${bridge.server.port}`);
    expect(await page.evaluate(() => [location.protocol, isSecureContext])).toEqual([
      'https:',
      true,
    ]);
    await page.locator('input[name="enrolment-code"]').fill(created.value.enrolmentCode);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await until(() => page.getByTestId('enrolled').isVisible(), 'the terminal is enrolled');
    await page.locator('select[name="service"]').selectOption('A-a1-0001');
    await page.getByRole('button', { name: 'ペアリングを始める' }).click();
    await until(async () => bridge.lastCode() !== undefined, 'the bridge shows a pairing code');
    await page.locator('input[name="pairing-code"]').fill(bridge.lastCode() as string);
    await page.getByRole('button', { name: 'ペアリング', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('connection-line').textContent())
      .toBe('カードブリッジ: 接続済み読み取り機: ありプラットフォーム: 接続済み');
    // The service worker needs the secure context too: it takes the page over.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state)))
      .toBe('activated');
  });

  it('registers a service ID with the cards, and looks it up', async () => {
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(citizen.myKeyId);
    simulator.place('service');
    await expect.poll(() => page.getByTestId('service-id').textContent()).toBe(SERVICE_IDM);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toBe('正常に登録されました。');
    const [link] = await platform.db.query<{ service_id: string }>(
      `SELECT service_id FROM links WHERE my_key_id = $1 AND service_code = 'A-a1-0001'`,
      [citizen.myKeyId],
    );
    expect(link?.service_id).toBe(SERVICE_IDM);
    await page.getByRole('button', { name: '照会' }).click();
    simulator.remove();
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('lookup-service-id').textContent()).toBe(SERVICE_IDM);
    await screenshot(page, 'https-lookup');
  });
});
