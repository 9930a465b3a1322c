import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium } from '../support/browser';
import { closeAll } from '../support/close-all';
import { type CuttableProxy, startCuttableProxy } from '../support/cuttable-proxy';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal, until } from '../support/reception-page';
import { makeTestMyNumberCard, makeTestServiceCard } from '../support/virtual-cards';

/**
 * How the queue leaves when nobody is looking, in Chromium: Background Sync sends it from the
 * service worker with every page closed, and Web Locks keep two tabs from sending it twice.
 */
let platform: TestPlatform;
let proxy: CuttableProxy;
let bridge: TestBridge;
let simulator: SimulatedReaders;
let browser: Browser;
let context: BrowserContext;
let citizenCount = 0;

const SYNC = 'POST /v1/terminal/sync';

/** A citizen with a registered default My Key ID and a library card of their own. */
async function newCitizen() {
  const myNumber = await makeTestMyNumberCard();
  platform.trustCa(myNumber.ca);
  const kiosk = await platform.terminal('a1');
  await registerDefault(kiosk, myNumber.issued);
  citizenCount += 1;
  const serviceId = `0114B0${String(citizenCount).padStart(10, '0')}`;
  return { myNumber, serviceCard: makeTestServiceCard(serviceId), serviceId };
}

/** Staff register one citizen at the counter: both cards, then 【登録】. */
async function registerAtCounter(
  page: Page,
  citizen: Awaited<ReturnType<typeof newCitizen>>,
  beforeRegister: () => Promise<void> = async () => {},
) {
  const text = (testId: string) => page.getByTestId(testId).textContent();
  await page.getByRole('button', { name: 'サービスID登録' }).click();
  simulator.placeCard(citizen.myNumber.card);
  await expect.poll(() => text('mykey-id')).toBe(citizen.myNumber.myKeyId);
  simulator.placeCard(citizen.serviceCard);
  await expect.poll(() => text('service-id')).toBe(citizen.serviceId);
  await beforeRegister();
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect.poll(() => text('notice')).toContain('送信待ちです');
  await page.getByRole('button', { name: '最初から' }).click();
}

async function pendingShown(page: Page): Promise<string | null> {
  await page.getByRole('button', { name: /送信待ち/ }).click();
  return page.getByTestId('pending').textContent();
}

async function linksOf(myKeyId: string): Promise<string[]> {
  const rows = await platform.db.query<{ service_id: string }>(
    'SELECT service_id FROM links WHERE my_key_id = $1 AND service_code = $2',
    [myKeyId, 'A-a1-0001'],
  );
  return rows.map((row) => row.service_id);
}

async function openApp(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${proxy.url}/?bridge=${bridge.server.port}`);
  await until(
    () => page.evaluate(() => navigator.serviceWorker.controller !== null),
    'the service worker controls the page',
  );
  return page;
}

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  proxy = await startCuttableProxy(Number(new URL(platform.url).port));
  // The simulator's own two cards are never used: each test places its citizens' cards.
  const spare = await makeTestMyNumberCard();
  simulator = new SimulatedReaders({ mynumber: spare.card, service: makeTestServiceCard() });
  bridge = await startTestBridge(simulator, { simulator, origins: [proxy.url] });
  browser = await launchChromium();
  context = await browser.newContext();
  const page = await context.newPage();
  await setUpTerminal(page, proxy.url, platform, bridge);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.close();
});
afterAll(() => closeAll(browser, bridge, proxy, platform));

describe('the queue leaves by itself', () => {
  it('Background Sync: with every page closed, the service worker sends the queue once the network is back', async () => {
    const citizen = await newCitizen();
    const page = await openApp();
    // The cards are read while the tablet is online; the network drops just before 【登録】.
    await registerAtCounter(page, citizen, () => context.setOffline(true));
    // The app asked Chromium for a sync, which waits for the network.
    const tags = () =>
      page.evaluate(async () => {
        const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
          sync: { getTags(): Promise<string[]> };
        };
        return registration.sync.getTags();
      });
    await expect.poll(tags).toEqual(['mykey-outbox']);
    await page.close();
    expect(context.pages()).toHaveLength(0);
    const before = proxy.requestsTo(SYNC);
    expect(await linksOf(citizen.myNumber.myKeyId)).toEqual([]);

    await context.setOffline(false);
    // The worker tries again inside the sync event for about 15 s (drain-until-sent.ts) when
    // the first request after "online" still fails, as it can under load.
    await expect
      .poll(() => linksOf(citizen.myNumber.myKeyId), { timeout: 20_000 })
      .toEqual([citizen.serviceId]);
    // Only the worker was there to send it.
    expect(context.pages()).toHaveLength(0);
    expect(proxy.requestsTo(SYNC)).toBe(before + 1);
    const reopened = await openApp();
    expect(await pendingShown(reopened)).toBe('0');
    await reopened.close();
  });

  it('Background Sync: when the first send after the network is back fails, the worker tries again itself', async () => {
    const citizen = await newCitizen();
    const page = await openApp();
    await registerAtCounter(page, citizen, () => context.setOffline(true));
    await page.close();
    // Chromium says "online" but the platform cannot be reached yet: the sync event's first send fails.
    proxy.cut();
    await context.setOffline(false);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await linksOf(citizen.myNumber.myKeyId)).toEqual([]);
    proxy.restore();
    // A browser fires a failed sync again only minutes later; this is the worker's own retry.
    await expect
      .poll(() => linksOf(citizen.myNumber.myKeyId), { timeout: 20_000 })
      .toEqual([citizen.serviceId]);
    expect(context.pages()).toHaveLength(0);
    const reopened = await openApp();
    expect(await pendingShown(reopened)).toBe('0');
    await reopened.close();
  });

  it('Web Locks: two tabs told to send the same backlog at once make one request, and nothing is doubled', async () => {
    const citizens = [await newCitizen(), await newCitizen(), await newCitizen()];
    const first = await openApp();
    proxy.cut();
    for (const citizen of citizens) await registerAtCounter(first, citizen);
    const second = await openApp();
    expect(await pendingShown(first)).toBe('3');
    expect(await pendingShown(second)).toBe('3');

    // The platform receives requests but its answers are held, so whoever sends keeps the lock.
    proxy.hold();
    const before = proxy.requestsTo(SYNC);
    const sentBy = new Map<Page, number>([
      [first, 0],
      [second, 0],
    ]);
    for (const tab of [first, second])
      tab.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/v1/terminal/sync'))
          sentBy.set(tab, (sentBy.get(tab) ?? 0) + 1);
      });
    await Promise.all(
      [first, second].map((tab) => tab.getByRole('button', { name: '今すぐ送信' }).click()),
    );
    await expect.poll(() => proxy.requestsTo(SYNC)).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(proxy.requestsTo(SYNC)).toBe(before + 1);
    expect([...sentBy.values()].sort()).toEqual([0, 1]);

    // The sender's tab is closed with its answer still on the way; the other tab takes over.
    const sender = sentBy.get(first) === 1 ? first : second;
    const other = sender === first ? second : first;
    await sender.close({ runBeforeUnload: false });
    proxy.restore();
    // The browser frees a closed tab's lock a moment later; until then a send is 'busy'.
    await expect
      .poll(() => other.evaluate(async () => (await navigator.locks.query()).held?.length ?? 0))
      .toBe(0);
    await other.getByRole('button', { name: '今すぐ送信' }).click();
    await expect.poll(() => pendingShown(other), { timeout: 15_000 }).toBe('0');

    for (const citizen of citizens)
      expect(await linksOf(citizen.myNumber.myKeyId)).toEqual([citizen.serviceId]);
    const applied = await platform.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sync_operations WHERE result->>'status' = 'applied'",
    );
    // One from each Background Sync test before this one, and this backlog once.
    expect(applied[0]?.n).toBe(2 + citizens.length);
  });
});
