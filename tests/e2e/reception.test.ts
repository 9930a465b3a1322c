import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { SIMULATED_READER, SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { freePort } from '../support/platform-process';
import { setUpTerminal, until } from '../support/reception-page';
import type { TerminalClient } from '../support/terminal-client';
import {
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * The reception app in headless Chromium, served by a real platform, with the card bridge in
 * simulation: enrolment, pairing, the three-step registration and the lookup, as staff do them.
 */
let platform: TestPlatform;
let bridge: TestBridge;
let browser: Browser;
let page: Page;
let myNumber: TestMyNumberCard;
let simulator: SimulatedReaders;
let kiosk: TerminalClient;
const SERVICE_IDM = '0114A1B2C3D4E5F6';

const notice = () => page.getByTestId('notice');

let appDir: string;

beforeAll(async () => {
  // Its own build: a test below builds a new version over it.
  appDir = await buildApp({ own: true });
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  myNumber = await makeTestMyNumberCard();
  simulator = new SimulatedReaders({
    mynumber: myNumber.card,
    service: makeTestServiceCard(SERVICE_IDM),
  });
  bridge = await startTestBridge(simulator, { simulator, origins: [platform.url] });
  // The citizen registered their default My Key ID beforehand (at a kiosk).
  kiosk = await platform.terminal('a1');
  platform.trustCa(myNumber.ca);
  await registerDefault(kiosk, myNumber.issued);
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(() => closeAll(browser, bridge, platform));

describe('the reception app', () => {
  it('sets up: enrols the terminal, chooses its service, pairs with the bridge', async () => {
    await setUpTerminal(page, platform.url, platform, bridge);
    await expect.poll(() => page.getByTestId('simulated').isVisible()).toBe(true);
    // Where the bridge, the reader and the platform stand, shown before anything is tried.
    await expect
      .poll(() => page.getByTestId('connection-line').textContent())
      .toBe('カードブリッジ: 接続済み読み取り機: ありプラットフォーム: 接続済み');
    await screenshot(page, 'setup');
  });

  it('registers a service ID in three steps, each advancing when the card lands', async () => {
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    // Before step ③ 【登録】 is disabled, and looks it: grey, not the blue of what is active (the
    // current tab has the active fill).
    const register = page.getByRole('button', { name: '登録', exact: true });
    expect(await register.isDisabled()).toBe(true);
    const fill = (button: typeof register) =>
      button.evaluate((element) => getComputedStyle(element).backgroundColor);
    const active = page.getByRole('button', { name: 'サービスID登録' });
    expect(await fill(register)).not.toBe(await fill(active));
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(myNumber.myKeyId);
    await screenshot(page, 'register-step2');
    simulator.place('service');
    await expect.poll(() => page.getByTestId('service-id').textContent()).toBe(SERVICE_IDM);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect.poll(() => notice().textContent()).toBe('正常に登録されました。');
    await screenshot(page, 'register-done');
    const lookup = await kiosk.post('/v1/terminal/lookup', {
      certificate: myNumber.issued.base64,
      serviceCode: 'A-a1-0001',
    });
    expect(lookup.body).toEqual({ serviceId: SERVICE_IDM });
  });

  it('says 「既にサービスID登録済み」 when the citizen already has another service ID here', async () => {
    await page.getByRole('button', { name: '最初から' }).click();
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(myNumber.myKeyId);
    await page.getByRole('button', { name: '番号を入力する' }).click();
    await page.getByLabel('サービスIDを入力(バーコードリーダー可)').fill('LIB-0000099');
    await page.getByRole('button', { name: 'この番号を使う' }).click();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect
      .poll(() => notice().textContent())
      .toBe('既にサービスID登録済みです。登録されているサービスIDは「照会」で確かめられます。');
    // Staff saw the refusal at the counter: it does not wait again on the queue screen.
    await page.getByRole('button', { name: /送信待ち/ }).click();
    await expect.poll(() => page.getByTestId('pending').textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('rejected').count()).toBe(0);
    await screenshot(page, 'queue-after-refusal');
  });

  it('shows the bridge’s version in 端末設定, and refuses a bridge of another protocol version, saying what to install', async () => {
    await page.getByRole('button', { name: '端末設定' }).click();
    expect(await page.getByTestId('bridge-version').textContent()).toBe('0.1.0');
    // A bridge from a later release: it answers every frame of this app's version with its own.
    const other = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    other.on('connection', (socket) =>
      socket.on('message', (data) => {
        const { id } = JSON.parse(String(data)) as { id?: string };
        socket.send(
          JSON.stringify({
            v: 2,
            type: 'error',
            id: id ?? null,
            error: { code: 'PROTOCOL_VERSION_UNSUPPORTED', message: 'protocol 2 only' },
          }),
        );
      }),
    );
    await new Promise((resolve) => other.once('listening', resolve));
    const context = await browser.newContext();
    try {
      const elsewhere = await context.newPage();
      await elsewhere.goto(`${platform.url}/?bridge=${(other.address() as AddressInfo).port}`);
      await expect
        .poll(() => elsewhere.getByTestId('line-bridge').textContent())
        .toBe('カードブリッジ: 版が合いません');
      await elsewhere.getByRole('button', { name: '端末設定' }).click();
      expect(await elsewhere.getByTestId('bridge-state').textContent()).toBe('版が合いません');
    } finally {
      await context.close();
      other.close();
    }
  });

  it('is installable: a manifest with name, start URL, standalone display and 192/512/maskable icons', async () => {
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href') ?? '';
      return (await fetch(href)).json();
    });
    expect(manifest).toMatchObject({
      start_url: '/',
      display: 'standalone',
      theme_color: '#0017c1',
    });
    const icons = manifest.icons as Array<{ src: string; sizes: string; purpose: string }>;
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of icons) {
      const size = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        return `${bitmap.width}x${bitmap.height}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }
  });

  it('shows a card already on the reader before anyone reads, and 【読み取りを取り消す】 ends a wait at once', async () => {
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    await page.getByRole('button', { name: '最初から' }).click();
    simulator.remove();
    await expect.poll(() => page.getByTestId('line-reader').textContent()).toBe('読み取り機: あり');
    // 【読取】 with no card there waits for one; staff need not wait out the 30 seconds.
    await page.getByRole('button', { name: '照会' }).click();
    await page.getByRole('button', { name: '読取', exact: true }).click();
    await expect.poll(() => page.getByTestId('cancel-read').isVisible()).toBe(true);
    const started = Date.now();
    await page.getByTestId('cancel-read').click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toContain('読み取りを取り消しました');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await page.getByTestId('cancel-read').count()).toBe(0);
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    simulator.place('service');
    await expect
      .poll(() => page.getByTestId('line-reader').textContent())
      .toBe('読み取り機: あり(カードが置かれています)');
    simulator.remove();
    await page.getByRole('button', { name: '最初から' }).click();
  });

  it('keeps the reader chosen for each kind of card across a restart, and reads on it', async () => {
    await page.getByRole('button', { name: '端末設定' }).click();
    const mynumber = page.locator('select[name="reader-mynumber"]');
    await mynumber.selectOption(SIMULATED_READER);
    await page.reload();
    await page.getByRole('button', { name: '端末設定' }).click();
    await expect.poll(() => mynumber.inputValue()).toBe(SIMULATED_READER);
    // Reads go to that reader: the register step still reads the simulated card.
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(myNumber.myKeyId);
    simulator.remove();
    await page.getByRole('button', { name: '最初から' }).click();
    // Back to any reader, for the tests that follow.
    await page.getByRole('button', { name: '端末設定' }).click();
    await mynumber.selectOption('');
    await expect.poll(() => mynumber.inputValue()).toBe('');
  });

  it('looks up the service ID when the My Number card is tapped', async () => {
    await page.getByRole('button', { name: '照会' }).click();
    simulator.remove();
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('lookup-service-id').textContent()).toBe(SERVICE_IDM);
    await screenshot(page, 'lookup');
  });

  it('never leaves the previous citizen’s service ID on 照会: a failed read or another screen clears it', async () => {
    const shown = () => page.getByTestId('lookup-service-id').count();
    expect(await shown()).toBe(1);
    // The next person places the wrong card: the error replaces the last ID and its コピー.
    simulator.remove();
    simulator.place('service');
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toBe('マイナンバーカードではありません。マイナンバーカードをかざしてください。');
    expect(await shown()).toBe(0);
    expect(await page.getByRole('button', { name: 'コピー', exact: true }).count()).toBe(0);
    // Found again, then staff switch screens and come back: nothing of it is left.
    simulator.remove();
    simulator.place('mynumber');
    await expect.poll(shown).toBe(1);
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    await page.getByRole('button', { name: '照会' }).click();
    expect(await shown()).toBe(0);
  });

  it('offers a new version, and installs it only when staff choose, never mid-registration', async () => {
    await page.reload();
    await until(
      () => page.evaluate(() => navigator.serviceWorker.controller !== null),
      'the service worker controls the page',
    );
    await buildApp({ outDir: appDir, label: 'next-version' });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    const update = page.getByRole('button', { name: '更新する' });
    await expect.poll(() => update.isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'サービスID登録' }).click();
    await page.getByRole('button', { name: '最初から' }).click();
    simulator.remove();
    simulator.place('mynumber');
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(myNumber.myKeyId);
    expect(await update.isDisabled()).toBe(true);
    await screenshot(page, 'update-offered');
    await page.getByRole('button', { name: '最初から' }).click();
    await expect.poll(() => update.isDisabled()).toBe(false);
    // Listen before clicking: the new worker can take over and reload the page before a
    // listener added after the click would see it.
    await Promise.all([page.waitForEvent('load'), update.click()]);
    await page.getByRole('button', { name: '端末設定' }).click();
    await expect.poll(() => page.getByTestId('app-build').textContent()).toBe('next-version');
  });

  it('its Content-Security-Policy lets it reach its own origin and the bridge on loopback, nothing else', async () => {
    const platformPort = new URL(platform.url).port;
    const outcome = await page.evaluate(
      async ({ platformPort, bridgePort }) => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          violations.push(`${event.violatedDirective} ${event.blockedURI}`),
        );
        // no-cors: a reply needs no CORS headers, so only the CSP can stop the request.
        const reach = (url: string) =>
          fetch(url, { mode: 'no-cors' }).then(
            () => 'reached',
            () => 'blocked',
          );
        const result = {
          self: await reach('/v1/health'),
          bridge: await reach(`http://127.0.0.1:${bridgePort}/v1/bridge`),
          // The same platform under another name is another origin.
          otherOrigin: await reach(`http://localhost:${platformPort}/v1/health`),
          elsewhere: await reach('http://127.0.0.2:9/'),
        };
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { result, violations };
      },
      { platformPort, bridgePort: bridge.server.port },
    );
    expect(outcome.result).toEqual({
      self: 'reached',
      bridge: 'reached',
      otherOrigin: 'blocked',
      elsewhere: 'blocked',
    });
    expect(outcome.violations).toEqual([
      `connect-src http://localhost:${platformPort}/v1/health`,
      'connect-src http://127.0.0.2:9/',
    ]);
  });

  it('remembers English across a reload, and tells screen readers (<html lang>)', async () => {
    const lang = () => page.evaluate(() => document.documentElement.lang);
    expect(await lang()).toBe('ja');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await lang()).toBe('en');
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: '日本語' }).count()).toBe(1);
    expect(await lang()).toBe('en');
    await page.getByRole('button', { name: '日本語' }).click();
    expect(await lang()).toBe('ja');
  });

  it('draws Japanese in a Japanese UI font the stylesheet names, not the machine’s fallback', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    await cdp.detach();
    // Named in the stylesheet for each platform, so none falls back to a font of its own choosing.
    const named = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    for (const family of ['Noto Sans CJK JP', 'Hiragino Sans', 'BIZ UDPGothic', 'Yu Gothic UI'])
      expect(named).toContain(family);
    // Debian's Noto CJK (fonts-noto-cjk, which .ci/run installs) is the first named font it has.
    expect(
      fonts.map((font) => font.familyName),
      'the title is not drawn in Noto Sans CJK JP: sudo apt-get install fonts-noto-cjk',
    ).toContain('Noto Sans CJK JP');
  });

  it('when the platform no longer accepts the terminal, 端末設定 says so and enrols it again; what waited is sent', async () => {
    const [self] = await platform.db.query<{ id: string }>(
      "SELECT id FROM terminals WHERE name = 'レジ1' AND revoked_at IS NULL",
    );
    expect((await platform.admin('POST', `/v1/admin/terminals/${self?.id}/revoke`)).status).toBe(
      200,
    );
    const citizen = await makeTestMyNumberCard();
    platform.trustCa(citizen.ca);
    await registerDefault(kiosk, citizen.issued);

    await page.getByRole('button', { name: 'サービスID登録' }).click();
    simulator.remove();
    simulator.placeCard(citizen.card);
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(citizen.myKeyId);
    await page.getByRole('button', { name: '番号を入力する' }).click();
    await page.getByLabel('サービスIDを入力(バーコードリーダー可)').fill('LIB-0000777');
    await page.getByRole('button', { name: 'この番号を使う' }).click();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('line-platform').textContent())
      .toBe('プラットフォーム: この端末を受け付けません(端末設定へ)');

    await page.getByRole('button', { name: '端末設定' }).click();
    await expect.poll(() => page.getByTestId('reenrol-needed').isVisible()).toBe(true);
    const created = await platform.admin<{ enrolmentCode: string }>('POST', '/v1/admin/terminals', {
      providerCode: 'a1',
      name: 'レジ1 再登録',
    });
    await page.locator('input[name="enrolment-code"]').fill(created.body.enrolmentCode);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    const linked = async () =>
      (
        await platform.db.query<{ service_id: string }>(
          'SELECT service_id FROM links WHERE my_key_id = $1',
          [citizen.myKeyId],
        )
      ).map((row) => row.service_id);
    await expect.poll(linked).toEqual(['LIB-0000777']);
    await expect.poll(() => page.getByTestId('reenrol-needed').count()).toBe(0);
    expect(await page.getByTestId('next-step').textContent()).toContain('準備ができました');
  });

  it('sends its files compressed, and installs without the barcode WebAssembly (fetched when the camera is first used)', async () => {
    const html = await (await fetch(`${platform.url}/`)).text();
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const encodingFor = async (accept: string) =>
      (
        await fetch(`${platform.url}${script}`, { headers: { 'accept-encoding': accept } })
      ).headers.get('content-encoding');
    expect(await encodingFor('br, gzip')).toBe('br');
    expect(await encodingFor('gzip')).toBe('gzip');
    const precached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        if (name.includes('precache'))
          for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      return urls;
    });
    expect(precached.some((url) => url.includes('/assets/index-'))).toBe(true);
    expect(precached.filter((url) => url.endsWith('.wasm'))).toEqual([]);
  });

  it('keeps the bridge’s port from ?bridge= with the terminal, and lets staff change it in 端末設定', async () => {
    const bridgeLine = () => page.getByTestId('line-bridge').textContent();
    // As the installed app starts: at "/", with no ?bridge=. The port given once is kept.
    await page.goto(`${platform.url}/`);
    await expect.poll(bridgeLine).toBe('カードブリッジ: 接続済み');
    await page.getByRole('button', { name: '端末設定' }).click();
    await page.getByTestId('advanced').locator('summary').click();
    const port = page.locator('input[name="bridge-port"]');
    const connect = page.getByRole('button', { name: 'このポートにつなぐ' });
    await port.fill('70000');
    await connect.click();
    expect(await page.getByTestId('bridge-port-invalid').isVisible()).toBe(true);
    await port.fill(String(await freePort()));
    await connect.click();
    await expect.poll(bridgeLine).toBe('カードブリッジ: 起動していません');
    await port.fill(String(bridge.server.port));
    await connect.click();
    await expect.poll(bridgeLine, { timeout: 10_000 }).toBe('カードブリッジ: 接続済み');
  });
});
