import { KeyObject } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../bridge/cards/apdu';
import { createTestCa, randomString } from '../../bridge/simulate/jpki-like-ca';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { VirtualJpkiCard } from '../../bridge/simulate/virtual-jpki-card';
import { VirtualServiceCard } from '../../bridge/simulate/virtual-service-card';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { type CuttableProxy, startCuttableProxy } from '../support/cuttable-proxy';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal, until } from '../support/reception-page';

/**
 * Offline first, in a real browser: the platform's address is cut (every connection through it,
 * the service worker's included), 20 citizens register, the page reloads from the service worker,
 * the page is killed in the middle of sending, and still every registration reaches the platform
 * exactly once.
 */
const CITIZENS = 20;

let platform: TestPlatform;
let proxy: CuttableProxy;
let bridge: TestBridge;
let simulator: SimulatedReaders;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const citizens: Array<{
  myKeyId: string;
  card: VirtualJpkiCard;
  serviceCard: VirtualServiceCard;
  serviceId: string;
}> = [];

const text = (testId: string) => page.getByTestId(testId).textContent();

async function linkCount(): Promise<number> {
  const rows = await platform.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM links WHERE service_code = $1',
    ['A-a1-0001'],
  );
  return rows[0]?.n ?? -1;
}

async function pendingShown(): Promise<string | null> {
  await page.getByRole('button', { name: /送信待ち/ }).click();
  return text('pending');
}

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  proxy = await startCuttableProxy(Number(new URL(platform.url).port));
  const kiosk = await platform.terminal('a1');
  const ca = await createTestCa();
  platform.trustCa(ca);
  for (let i = 0; i < CITIZENS; i += 1) {
    const myKeyId = randomString(14);
    const issued = await ca.issue({ cn: `${myKeyId}${randomString(9)}` });
    await registerDefault(kiosk, issued);
    const idm = `0114${(0xa0000000 + i).toString(16).toUpperCase()}0000`;
    citizens.push({
      myKeyId,
      card: new VirtualJpkiCard({
        authCertificate: new Uint8Array(issued.certificate.rawData),
        authCaCertificate: new Uint8Array(ca.certificate.rawData),
        authKey: KeyObject.from(issued.privateKey),
        pin: '1234',
      }),
      serviceCard: new VirtualServiceCard(fromHex(idm), 'FeliCa'),
      serviceId: idm,
    });
  }
  const first = citizens[0] as (typeof citizens)[number];
  simulator = new SimulatedReaders({ mynumber: first.card, service: first.serviceCard });
  bridge = await startTestBridge(simulator, { simulator, origins: [proxy.url] });
  browser = await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
  await setUpTerminal(page, proxy.url, platform, bridge);
  // The service worker has the app precached, and controls the page after one reload.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await until(
    () => page.evaluate(() => navigator.serviceWorker.controller !== null),
    'the service worker controls the page',
  );
});
afterAll(() => closeAll(browser, bridge, proxy, platform));

describe('offline first', () => {
  it('accepts 20 registrations with the platform unreachable, each queued at once', async () => {
    proxy.cut();
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    for (const citizen of citizens) {
      simulator.placeCard(citizen.card);
      await expect.poll(() => text('mykey-id')).toBe(citizen.myKeyId);
      simulator.placeCard(citizen.serviceCard);
      await expect.poll(() => text('service-id')).toBe(citizen.serviceId);
      await page.getByRole('button', { name: '登録', exact: true }).click();
      await expect.poll(() => text('notice')).toContain('送信待ちです');
      await page.getByRole('button', { name: '最初から' }).click();
    }
    expect(await pendingShown()).toBe(String(CITIZENS));
    await screenshot(page, 'offline-queue');
    expect(await linkCount()).toBe(0);
  });

  it('starts again from the service worker with the network still cut, the queue intact', async () => {
    await page.reload();
    // Said at once, on the line every screen shows, before staff try anything.
    await expect
      .poll(() => page.getByTestId('line-platform').textContent())
      .toBe('プラットフォーム: 接続できません(自動で再送)');
    expect(await pendingShown()).toBe(String(CITIZENS));
    await screenshot(page, 'offline-start');
  });

  it('loses and duplicates nothing when the page is killed while sending, then reconnects', async () => {
    // The connection comes back, but the first send gets no answer: the page dies waiting.
    proxy.hold();
    await page.getByRole('button', { name: '今すぐ送信' }).click();
    await expect.poll(() => proxy.requestsTo('POST /v1/terminal/sync')).toBeGreaterThan(0);
    // The platform applied the batch; only its answer is lost.
    await expect.poll(() => linkCount()).toBe(CITIZENS);
    await page.close({ runBeforeUnload: false });
    proxy.restore();

    page = await context.newPage();
    await page.goto(`${proxy.url}/?bridge=${bridge.server.port}`);
    await expect.poll(pendingShown, { timeout: 20_000 }).toBe('0');
    await screenshot(page, 'offline-drained');

    for (const citizen of citizens) {
      const rows = await platform.db.query<{ service_id: string }>(
        'SELECT service_id FROM links WHERE my_key_id = $1 AND service_code = $2',
        [citizen.myKeyId, 'A-a1-0001'],
      );
      expect(rows.map((r) => r.service_id)).toEqual([citizen.serviceId]);
    }
    const operations = await platform.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sync_operations WHERE result->>'status' = 'applied'",
    );
    expect(operations[0]?.n).toBe(CITIZENS);
    expect(await page.getByTestId('rejected').count()).toBe(0);
  });
});
