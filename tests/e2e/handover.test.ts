import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal, until } from '../support/reception-page';
import {
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * After 照会, the service ID goes to the desk's business system: copied, opened in the system's
 * page, or handed to the system that embeds the app; and the app asks to keep its storage.
 */
let platform: TestPlatform;
let bridge: TestBridge;
let browser: Browser;
let simulator: SimulatedReaders;
let myNumber: TestMyNumberCard;
const SERVICE_IDM = '0114C0FFEE000042';
const LIBRARY = 'https://library.example.jp';

/**
 * A library system's page that embeds the app and keeps every message it is sent: on the same
 * site as the platform (127.0.0.1, another port), as reception.city.example.jp would be embedded
 * by library.city.example.jp.
 */
let embedder: Server;
let embedderOrigin: string;
/** A page the platform does not let embed the app. */
let stranger: Server;
let strangerOrigin: string;
/** A page on another site (localhost) that the platform lets embed the app. */
let otherSite: Server;
let otherSiteOrigin: string;

function servePage(
  html: () => string,
  host: '127.0.0.1' | 'localhost' = '127.0.0.1',
): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(html());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ server, origin: `http://${host}:${port}` });
    }),
  );
}

const embeddingPage = () => `<!doctype html><meta charset="utf-8"><title>図書館システム</title>
<script>
  window.received = [];
  addEventListener('message', (event) => received.push({ origin: event.origin, data: event.data }));
</script>
<iframe id="app" src="${platform.url}/?bridge=${bridge.server.port}" width="1200" height="800"
  allow="clipboard-write"></iframe>`;

/** 端末設定, with its advanced settings (the business system's address) opened, as staff would. */
async function openAdvancedSetup(screen: Page | Frame): Promise<void> {
  await screen.getByRole('button', { name: '端末設定' }).click();
  const advanced = screen.getByTestId('advanced');
  if ((await advanced.getAttribute('open')) === null) await advanced.locator('summary').click();
}

async function lookUpIn(screen: Page | Frame): Promise<void> {
  await screen.getByRole('button', { name: '照会' }).click();
  simulator.remove();
  simulator.place('mynumber');
  await expect.poll(() => screen.getByTestId('lookup-service-id').textContent()).toBe(SERVICE_IDM);
}

beforeAll(async () => {
  ({ server: embedder, origin: embedderOrigin } = await servePage(embeddingPage));
  ({ server: stranger, origin: strangerOrigin } = await servePage(embeddingPage));
  ({ server: otherSite, origin: otherSiteOrigin } = await servePage(embeddingPage, 'localhost'));
  platform = await startTestPlatform('pglite', {
    MYKEY_APP_DIR: await buildApp(),
    MYKEY_APP_FRAME_ANCESTORS: `'self' ${embedderOrigin} ${otherSiteOrigin}`,
  });
  myNumber = await makeTestMyNumberCard();
  simulator = new SimulatedReaders({
    mynumber: myNumber.card,
    service: makeTestServiceCard(SERVICE_IDM),
  });
  bridge = await startTestBridge(simulator, { simulator, origins: [platform.url] });
  platform.trustCa(myNumber.ca);
  const kiosk = await platform.terminal('a1');
  await registerDefault(kiosk, myNumber.issued);
  // The citizen's library card is already linked to their My Key ID.
  const linked = await kiosk.post('/v1/terminal/links', {
    myKeyId: myNumber.myKeyId,
    serviceCode: 'A-a1-0001',
    serviceId: SERVICE_IDM,
  });
  expect(linked.status).toBe(200);
  browser = await launchChromium();
});
afterAll(() => closeAll(browser, bridge, platform, embedder, stranger, otherSite));

describe('handing the service ID over', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: platform.url,
    });
    // The library system's page, answered here instead of on the internet.
    await context.route(`${LIBRARY}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>利用者</title>' }),
    );
    page = await context.newPage();
    await setUpTerminal(page, platform.url, platform, bridge);
  });
  afterAll(() => context?.close());

  it('copies the ID to the clipboard and says so', async () => {
    await lookUpIn(page);
    await page.getByRole('button', { name: 'コピー', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'コピーしました' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(SERVICE_IDM);
  });

  it('opens the business system’s page for the ID from the URL template set in 端末設定', async () => {
    await openAdvancedSetup(page);
    const template = page.getByLabel(/業務システムを開くURL/);
    // A template that is not an http(s) address with a place for the ID is refused, and says so.
    await template.fill('javascript:alert(1)//{serviceId}');
    await expect.poll(() => page.getByTestId('handover-url-invalid').isVisible()).toBe(true);
    await template.fill(`${LIBRARY}/patron?card={serviceId}`);
    await expect.poll(() => page.getByTestId('handover-url-invalid').count()).toBe(0);

    await lookUpIn(page);
    const link = page.getByRole('link', { name: '業務システムで開く' });
    expect(await link.getAttribute('href')).toBe(`${LIBRARY}/patron?card=${SERVICE_IDM}`);
    const [opened] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`${LIBRARY}/patron?card=${SERVICE_IDM}`);
    // The business system's page cannot reach back into the reception app.
    expect(await opened.evaluate(() => window.opener)).toBeNull();
    await screenshot(page, 'lookup-handover');
    await opened.close();
  });
});

describe('embedded in the business system’s page', () => {
  let context: BrowserContext;
  let page: Page;
  let frame: Frame;

  const received = () =>
    page.evaluate(
      () => (window as unknown as { received: Array<{ origin: string; data: unknown }> }).received,
    );

  beforeAll(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(embedderOrigin);
    const element = await page.locator('iframe#app').elementHandle();
    const appFrame = await element?.contentFrame();
    if (appFrame === null || appFrame === undefined) throw new Error('the app frame did not load');
    frame = appFrame;
    // The frame's storage is its own (partitioned by the embedding site): it is set up there.
    await setUpTerminal(frame, platform.url, platform, bridge);
  });
  afterAll(() => context?.close());

  it('hands the ID to the embedding page by postMessage, to the origin set in 端末設定 only', async () => {
    await openAdvancedSetup(frame);
    await frame.locator('input[name="parent-origin"]').fill(embedderOrigin);
    await lookUpIn(frame);
    await frame.getByRole('button', { name: '業務システムへ渡す' }).click();
    await expect.poll(received).toEqual([
      {
        origin: platform.url,
        data: { type: 'mykey.serviceId', serviceCode: 'A-a1-0001', serviceId: SERVICE_IDM },
      },
    ]);

    // Set for another system, the ID is never delivered to this page.
    await openAdvancedSetup(frame);
    await frame.locator('input[name="parent-origin"]').fill('https://other-system.example.jp');
    await lookUpIn(frame);
    await frame.getByRole('button', { name: '業務システムへ渡す' }).click();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await received()).toHaveLength(1);
  });

  it('will not load inside a site that MYKEY_APP_FRAME_ANCESTORS does not name', async () => {
    const other = await context.newPage();
    const refused = other.waitForEvent('console', (message) =>
      message.text().includes('frame-ancestors'),
    );
    await other.goto(strangerOrigin);
    const said = (await refused).text();
    expect(said).toContain(`Framing '${platform.url}/'`);
    expect(said).toContain('blocked');
    const element = await other.locator('iframe#app').elementHandle();
    const appFrame = await element?.contentFrame();
    expect(await appFrame?.getByRole('button', { name: '照会' }).count()).toBe(0);
    await other.close();
  });

  it('embedded by another site, where Chromium gives it no storage, says why and what to do', async () => {
    const other = await context.newPage();
    await other.goto(otherSiteOrigin);
    const appFrame = await (await other.locator('iframe#app').elementHandle())?.contentFrame();
    if (appFrame === null || appFrame === undefined) throw new Error('the app frame did not load');
    const problem = appFrame.getByTestId('storage-problem');
    await until(() => problem.isVisible(), 'the storage problem is shown');
    expect(await problem.textContent()).toContain('業務システムと同じサイト');
    // Every screen still draws: the settings it cannot read are simply absent.
    for (const tab of ['照会', '端末設定', '送信待ち']) {
      await appFrame.getByRole('button', { name: tab, exact: true }).click();
      expect(await problem.isVisible()).toBe(true);
    }
    await screenshot(other, 'embedded-other-site');
    await other.close();
  });
});

describe('keeping the queue on the tablet', () => {
  /** What the 送信待ち screen says of storage, what the browser says, and whether the app asked. */
  async function persistenceShown(context: BrowserContext) {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const asked = { count: 0 };
      (window as unknown as { persistAsked: typeof asked }).persistAsked = asked;
      const persist = StorageManager.prototype.persist;
      StorageManager.prototype.persist = function (this: StorageManager) {
        asked.count += 1;
        return persist.call(this);
      };
    });
    await page.goto(`${platform.url}/?bridge=${bridge.server.port}`);
    await page.getByRole('button', { name: /送信待ち/ }).click();
    const line = page.getByText(/^データの保存: /);
    await until(() => line.isVisible(), 'the storage line is shown');
    return {
      shown: await line.textContent(),
      persisted: await page.evaluate(() => navigator.storage.persisted()),
      asked: await page.evaluate(
        () => (window as unknown as { persistAsked: { count: number } }).persistAsked.count,
      ),
    };
  }

  it('asks the browser to keep its storage, and shows the answer: granted', async () => {
    const context = await browser.newContext();
    // As Chromium grants it to an installed or bookmarked site (Playwright has no name for it).
    const page = await context.newPage();
    const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
    await (await browser.newBrowserCDPSession()).send('Browser.grantPermissions', {
      origin: platform.url,
      ...(targetInfo.browserContextId !== undefined
        ? { browserContextId: targetInfo.browserContextId }
        : {}),
      permissions: ['durableStorage'],
    });
    await page.close();
    expect(await persistenceShown(context)).toEqual({
      shown: 'データの保存: 永続化されています',
      persisted: true,
      asked: 1,
    });
    await context.close();
  });

  it('… and refused: the browser may clear it, and staff are told', async () => {
    const context = await browser.newContext();
    const { shown, persisted, asked } = await persistenceShown(context);
    expect(asked).toBe(1);
    expect(persisted).toBe(false);
    expect(shown).toMatch(/^データの保存: 永続化されていません/);
    await context.close();
  });
});
