import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBSOCKET_PATH } from '../../bridge/server/bridge-server';
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
 * The tests watch Chromium's own verdict (its error on the app's connection, the address space it
 * gives the page, the bytes that reach the bridge), not only the app's reading of the permission:
 * with the page left on loopback (no `--ip-address-space-overrides`) they fail.
 */
let platform: TestPlatform;
let bridge: TestBridge;
let browser: Browser;
let simulator: SimulatedReaders;

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  const citizen = await makeTestMyNumberCard();
  simulator = new SimulatedReaders({
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

/**
 * The connections the bridge on `port` accepts and the bytes they bring, from Node's own
 * `net.server.socket` channel (the bridge runs in this process). Chromium 156 opens a TCP
 * connection before its Local Network Access check and then sends nothing on it, so "nothing
 * reached the bridge" is counted in bytes (no WebSocket handshake, no HTTP request), not sockets.
 */
function watchArrivals(port: number) {
  const sockets: Socket[] = [];
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    if (socket.localPort === port) sockets.push(socket);
  };
  subscribe('net.server.socket', onSocket);
  return {
    connections: () => sockets.length,
    bytes: () => sockets.reduce((sum, socket) => sum + socket.bytesRead, 0),
    stop: () => unsubscribe('net.server.socket', onSocket),
  };
}

/** Chromium's own errors on the page's WebSockets ("url error"), as the DevTools protocol reports them. */
function socketErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('socketerror', (e) => errors.push(`${socket.url()} ${e}`)),
  );
  return errors;
}

/**
 * The address space Chromium gives the page as the initiator of its requests ('Public' for the
 * platform's origin here, as at a real counter; 'Loopback' were the override missing).
 */
async function initiatorSpaces(page: Page): Promise<Set<string>> {
  const spaces = new Set<string>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSentExtraInfo', (event) => {
    const space = event.clientSecurityState?.initiatorIPAddressSpace;
    if (space !== undefined) spaces.add(space);
  });
  await cdp.send('Network.enable');
  return spaces;
}

/** The bridge's description, fetched by the page itself: its status, or how the fetch failed. */
const fetchBridgeInfo = (page: Page, port: number) =>
  page.evaluate(async (url) => {
    try {
      const response = await fetch(url);
      return { status: response.status, name: ((await response.json()) as { name: string }).name };
    } catch (error) {
      return { failed: String(error) };
    }
  }, `http://127.0.0.1:${port}/v1/bridge`);

const BLOCKED_BY_CHROMIUM = 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS';

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
    const spaces = await initiatorSpaces(page);
    await setUpTerminal(page, platform.url, platform, bridge);
    // Chromium did treat the page as public: what it reached, it reached across the check.
    expect([...spaces]).toEqual(['Public']);
    expect(await page.getByTestId('line-bridge').textContent()).toBe('カードブリッジ: 接続済み');
    expect(await page.getByTestId('bridge-blocked').count()).toBe(0);
    expect(await permissionState(page)).toBe('granted');
  });

  it('blocked: every screen says the browser stops the bridge and where to allow it', async () => {
    const page = await pageWith('denied');
    const refused = socketErrors(page);
    await page.goto(`${platform.url}/?bridge=${bridge.server.port}`);
    const blocked = page.getByTestId('bridge-blocked');
    await expect.poll(() => blocked.isVisible()).toBe(true);
    // Chromium itself refused the app's connection: the app is not only reading a setting.
    await expect
      .poll(() => refused)
      .toContain(
        `ws://127.0.0.1:${bridge.server.port}${WEBSOCKET_PATH} Error in connection establishment: ${BLOCKED_BY_CHROMIUM}`,
      );
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

  it('enforced: before the grant Chromium itself stops the app, and not a byte reaches the bridge; granted, the same page connects', async () => {
    // A bridge of this test's own, so every byte that reaches it comes from this page.
    const door = await startTestBridge(simulator, { simulator, origins: [platform.url] });
    const arrivals = watchArrivals(door.server.port);
    try {
      const page = await pageWith('not asked yet');
      const refused = socketErrors(page);
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(`${platform.url}/?bridge=${door.server.port}`);

      // Before the grant: the browser, not the app, stops the WebSocket and the info page's fetch.
      const socketUrl = `ws://127.0.0.1:${door.server.port}${WEBSOCKET_PATH}`;
      await expect
        .poll(() => refused)
        .toContain(`${socketUrl} Error in connection establishment: ${BLOCKED_BY_CHROMIUM}`);
      expect(await fetchBridgeInfo(page, door.server.port)).toEqual({
        failed: 'TypeError: Failed to fetch',
      });
      await expect
        .poll(() => consoleErrors)
        .toContainEqual(
          expect.stringContaining(
            'Permission was denied for this request to access the `loopback` address space',
          ),
        );
      expect(await permissionState(page)).toBe('denied');
      // Chromium connected (it checks once connected) and sent nothing: no handshake, no request.
      expect(arrivals.connections()).toBeGreaterThan(0);
      expect(arrivals.bytes()).toBe(0);

      // Granted (許可 in the site settings): the app dials at once and the bridge answers it.
      const refusedBefore = refused.length;
      await setLoopbackPermission(page, platform.url, 'granted');
      await expect
        .poll(() => page.getByTestId('line-bridge').textContent())
        .toBe('カードブリッジ: 未ペアリング(端末設定で)');
      expect(arrivals.bytes()).toBeGreaterThan(0);
      expect(await fetchBridgeInfo(page, door.server.port)).toEqual({
        status: 200,
        name: 'MyKey Card Bridge',
      });
      expect(refused.length).toBe(refusedBefore);
    } finally {
      arrivals.stop();
      await door.close();
    }
  });
});
