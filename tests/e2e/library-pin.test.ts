import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, runAxe, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { type CuttableProxy, startCuttableProxy } from '../support/cuttable-proxy';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal } from '../support/reception-page';
import {
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * The 2024 rules at a library desk, in Chromium with the bridge's virtual cards: the library asks
 * for the holder's PIN when a card is first linked (the PIN pad turned to the holder, tries left
 * first, one VERIFY per press), the card signs the terminal's statement, and the proof goes with
 * the registration, online or through the outbox while the platform is out of reach. A tap at 照会
 * sends the certificate: a revoked card gets its sentence, not a service ID.
 */
const LIBRARY = 'A-beta1-0001';
const PIN = '4826';
/** Every request the page sent to the platform, with its body: the PIN must be in none. */
const platformTraffic: string[] = [];
let platform: TestPlatform;
let proxy: CuttableProxy;
let bridge: TestBridge;
let simulator: SimulatedReaders;
let browser: Browser;
let page: Page;
const citizens: TestMyNumberCard[] = [];
const text = (testId: string) => page.getByTestId(testId).textContent();

async function libraryCardOf(citizen: TestMyNumberCard): Promise<string | undefined> {
  const [row] = await platform.db.query<{ service_id: string }>(
    'SELECT service_id FROM links WHERE my_key_id = $1 AND service_code = $2',
    [citizen.myKeyId, LIBRARY],
  );
  return row?.service_id;
}

async function typePin(pin: string): Promise<void> {
  const pad = page.getByTestId('link-pin');
  for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: '確認', exact: true }).click();
}

/**
 * The pad on a landscape and a portrait tablet: every key in view without scrolling, and
 * axe-core finds nothing (the kiosk's pad is checked in screens.test.ts).
 */
async function expectPadUsable(): Promise<void> {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 1280 },
  ]) {
    await page.setViewportSize(size);
    const pad = page.getByTestId('link-pin');
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const key of ['1', '0', '確認']) {
      const box = await pad.getByRole('button', { name: key, exact: true }).boundingBox();
      expect(box, `key ${key} at ${size.width}`).not.toBeNull();
      expect((box?.x ?? -1) + (box?.width ?? 0)).toBeLessThanOrEqual(size.width);
      expect((box?.y ?? -1) + (box?.height ?? 0), `key ${key} in view`).toBeLessThanOrEqual(
        size.height,
      );
    }
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `no sideways scroll at ${size.width}`).toBeLessThanOrEqual(size.width);
    const result = await runAxe(page);
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await screenshot(page, `library-pin-${size.width}x${size.height}`);
  }
}

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  proxy = await startCuttableProxy(Number(new URL(platform.url).port));
  const kiosk = await platform.terminal('a1');
  for (let i = 0; i < 3; i += 1) {
    const citizen = await makeTestMyNumberCard(PIN);
    platform.trustCa(citizen.ca);
    await registerDefault(kiosk, citizen.issued);
    citizens.push(citizen);
  }
  const [first] = citizens as [TestMyNumberCard];
  simulator = new SimulatedReaders({ mynumber: first.card, service: makeTestServiceCard() });
  bridge = await startTestBridge(simulator, { simulator, origins: [proxy.url] });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('request', (request) => {
    if (request.url().startsWith(proxy.url))
      platformTraffic.push(`${request.url()} ${request.postData() ?? ''}`);
  });
  await setUpTerminal(page, proxy.url, platform, bridge, LIBRARY);
});
afterAll(() => closeAll(browser, bridge, proxy, platform));

describe('linking a library card with the holder’s PIN', () => {
  it('asks for the PIN at step ①, says a wrong one and the tries left, and links with the right one', async () => {
    const [citizen] = citizens as [TestMyNumberCard];
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    simulator.placeCard(citizen.card);
    await expect.poll(() => page.getByTestId('link-pin').isVisible()).toBe(true);
    expect(await text('tries-left')).toBe('残り回数: 3');
    expect(await text('notice')).toContain('ご本人による暗証番号');
    await expectPadUsable();
    await typePin('9071');
    await expect.poll(() => text('tries-left')).toBe('残り回数: 2');
    expect(await text('notice')).toContain('暗証番号が違います');
    // One wrong PIN is one VERIFY: the card counts one try, never more.
    expect(citizen.card.triesLeft).toBe(2);
    await typePin(citizen.pin);
    await expect.poll(() => text('pin-checked')).toBe('暗証番号で本人確認済み');
    expect(citizen.card.triesLeft).toBe(3);
    simulator.placeCard(makeTestServiceCard('0114B00000000001'));
    await expect.poll(() => text('service-id')).toBe('0114B00000000001');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect.poll(() => text('notice')).toBe('正常に登録されました。');
    expect(await libraryCardOf(citizen)).toBe('0114B00000000001');
  });

  it('sends no PIN to another card put on the reader after the read (CARD_CHANGED)', async () => {
    const [, second, third] = citizens as [TestMyNumberCard, TestMyNumberCard, TestMyNumberCard];
    await page.getByRole('button', { name: '最初から' }).click();
    simulator.placeCard(second.card);
    await expect.poll(() => page.getByTestId('link-pin').isVisible()).toBe(true);
    simulator.placeCard(third.card);
    await typePin(third.pin);
    await expect
      .poll(() => text('notice'))
      .toContain('読み取ったカードと別のカードが置かれています。暗証番号は送っていません。');
    expect(third.card.triesLeft).toBe(3);
  });

  it('takes the proof into the outbox while the platform is unreachable, and the platform checks it at sync', async () => {
    const [, second] = citizens as [TestMyNumberCard, TestMyNumberCard];
    proxy.cut();
    await page.getByRole('button', { name: '最初から' }).click();
    simulator.placeCard(second.card);
    await expect.poll(() => page.getByTestId('link-pin').isVisible()).toBe(true);
    await typePin(second.pin);
    await expect.poll(() => text('pin-checked')).toBe('暗証番号で本人確認済み');
    simulator.placeCard(makeTestServiceCard('0114B00000000002'));
    await expect.poll(() => text('service-id')).toBe('0114B00000000002');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect.poll(() => text('notice')).toContain('送信待ちです');
    expect(await libraryCardOf(second)).toBeUndefined();
    proxy.restore();
    await page.getByRole('button', { name: /送信待ち/ }).click();
    await page.getByRole('button', { name: '今すぐ送信' }).click();
    await expect.poll(() => text('pending'), { timeout: 15_000 }).toBe('0');
    expect(await libraryCardOf(second)).toBe('0114B00000000002');
    await expect.poll(() => page.getByTestId('rejected').count()).toBe(0);
  });

  it('sent the PINs typed to no request to the platform', () => {
    // Found as themselves, not inside a certificate's or signature's base64 or a random UUID
    // (where four digits turn up by chance).
    const withoutBlobs = platformTraffic
      .join('\n')
      .replace(/[A-Za-z0-9+/=_-]{40,}/g, '<blob>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
    expect(platformTraffic.some((line) => line.includes('/v1/terminal/sync'))).toBe(true);
    for (const pin of [PIN, '9071'])
      expect(withoutBlobs).not.toMatch(new RegExp(`(?<![0-9])${pin}(?![0-9])`));
  });

  it('looks up by the card’s certificate, and a revoked card gets its sentence instead of an ID', async () => {
    const [citizen] = citizens as [TestMyNumberCard];
    await page.getByRole('button', { name: '照会' }).click();
    simulator.remove();
    simulator.placeCard(citizen.card);
    await expect.poll(() => text('lookup-service-id')).toBe('0114B00000000001');
    const loaded = await platform.admin('POST', '/v1/admin/crls', {
      crl: await citizen.ca.issueCrl({ revoked: [citizen.issued.serial] }),
    });
    expect(loaded.status).toBe(200);
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    await page.getByRole('button', { name: '照会' }).click();
    simulator.remove();
    simulator.placeCard(citizen.card);
    await expect.poll(() => text('notice')).toContain('この電子証明書は失効しています。');
    expect(await page.getByTestId('lookup-service-id').count()).toBe(0);
    await screenshot(page, 'lookup-revoked');
  });
});
