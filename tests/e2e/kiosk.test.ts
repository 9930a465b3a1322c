import { KeyObject, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcscReaders } from '../../bridge/pcsc/pcsc-readers';
import {
  createTestCa,
  randomCn,
  randomString,
  type TestAuthCertificate,
  type TestCa,
} from '../../bridge/simulate/jpki-like-ca';
import { VirtualJpkiCard } from '../../bridge/simulate/virtual-jpki-card';
import { type VirtualCard, VpcdConnection } from '../../bridge/simulate/vpcd-connection';
import { addDays, japanDay } from '../../core/points/japan-day';
import { createAdmin } from '../../platform/domain/admins';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot } from '../support/browser';
import { encodingsOf, readOriginStorage } from '../support/origin-storage';
import { makeCardPartner } from '../support/partner';
import { startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { type PrivatePcscd, startPrivatePcscd } from '../support/private-pcscd';
import { setUpTerminal, until } from '../support/reception-page';
import type { TerminalClient } from '../support/terminal-client';

/**
 * The citizen's kiosk and the municipal window in headless Chromium, with the card bridge on the
 * real PC/SC stack (a pcscd of this suite's own with the vsmartcard vpcd reader) and virtual My
 * Number cards from a test CA the platform trusts: PIN, registration, reservation, links, the PIN
 * lock, untrusted, expired, revoked and forged cards, a replayed challenge, a certificate renewal
 * that carries the links over, the idle reset that leaves nothing behind, and 本登録 at the window.
 */
let platform: TestPlatform;
let bridge: TestBridge;
let pcscd: PrivatePcscd;
let readers: PcscReaders;
let inReader: VpcdConnection | undefined;
let browser: Browser;
let page: Page;
let ca: TestCa;
let shop: TerminalClient;
let kioskUrl: string;
/** The custom ID a citizen reserves in (2), finalised at the window later. */
let reservedId: string;
/** The points' day at the platform, when a test moves it past the month's end; Japan's today otherwise. */
let pointsDay: string | undefined;

/** The My Number card that carries `issued` (from `ca`), with this PIN. */
function cardOf(issued: TestAuthCertificate, pin: string, from: TestCa = ca): VirtualJpkiCard {
  return new VirtualJpkiCard({
    authCertificate: new Uint8Array(issued.certificate.rawData),
    authCaCertificate: new Uint8Array(from.certificate.rawData),
    authKey: KeyObject.from(issued.privateKey),
    pin,
  });
}

async function citizen(
  pin = '2468',
  options: { from?: TestCa; notBefore?: Date; notAfter?: Date; forged?: boolean } = {},
) {
  const from = options.from ?? ca;
  const defaultId = randomString(14);
  const deskCode = randomString(9);
  const issued = await from.issue({
    cn: `${defaultId}${deskCode}`,
    ...(options.notBefore !== undefined ? { notBefore: options.notBefore } : {}),
    ...(options.notAfter !== undefined ? { notAfter: options.notAfter } : {}),
  });
  // A forged card: the right certificate, but a key that is not the certificate's.
  const card = options.forged
    ? cardOf(
        {
          ...issued,
          privateKey: (await (await createTestCa()).issue({ cn: randomCn() })).privateKey,
        },
        pin,
        from,
      )
    : cardOf(issued, pin, from);
  return { defaultId, deskCode, card, issued };
}

/**
 * Takes the card off the reader and waits until pcscd has noticed (it polls a vpcd reader a few
 * times a second; a card swapped faster than that would look like one card that never left).
 */
async function takeCardOff(): Promise<void> {
  await inReader?.remove();
  inReader = undefined;
  await until(
    async () => readers.readers().every((r) => r.atr === undefined),
    'the reader is empty',
  );
}

/** Puts a card on the vpcd reader (taking off the one there), as a citizen would. */
async function place(card: VirtualCard): Promise<void> {
  await takeCardOff();
  inReader = new VpcdConnection(card, pcscd.vpcdPort);
  await inReader.insert();
}

const screenIs = (kind: string, timeout = 5000) =>
  expect.poll(() => page.getByTestId(`kiosk-${kind}`).isVisible(), { timeout }).toBe(true);
/** What a screen says, read without the readings printed over hard kanji. */
const plainText = (testId: string) =>
  page.getByTestId(testId).evaluate((element) => {
    const copy = element.cloneNode(true) as Element;
    for (const reading of Array.from(copy.querySelectorAll('rt, rp'))) reading.remove();
    return copy.textContent ?? '';
  });
const notice = () => plainText('kiosk-notice');

/**
 * Every PIN typed in this suite, and everything that could keep or carry one: the page's console
 * and errors, its traffic with the platform, the bridge's WebSocket frames each way, and what this
 * process (the platform's and the bridge's code) wrote to stdout and stderr.
 */
const pinsTyped = new Set<string>();
const carried = {
  console: [] as string[],
  platformTraffic: [] as string[],
  fromBridge: [] as string[],
  toBridge: [] as string[],
  processOutput: [] as string[],
};

function watchForPins(watched: Page): void {
  watched.on('console', (message) => carried.console.push(message.text()));
  watched.on('pageerror', (error) => carried.console.push(String(error)));
  watched.on('request', (request) => {
    if (request.url().startsWith(platform.url))
      carried.platformTraffic.push(`${request.url()} ${request.postData() ?? ''}`);
  });
  watched.on('response', (response) => {
    if (response.url().startsWith(`${platform.url}/v1/`))
      void response.text().then(
        (body) => carried.platformTraffic.push(body),
        () => undefined,
      );
  });
  watched.on('websocket', (socket) => {
    socket.on('framesent', (frame) => carried.toBridge.push(String(frame.payload)));
    socket.on('framereceived', (frame) => carried.fromBridge.push(String(frame.payload)));
  });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      carried.processOutput.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}

async function typePin(pin: string): Promise<void> {
  pinsTyped.add(pin);
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: '確認', exact: true }).click();
}

/**
 * A citizen places their card on the kiosk. The kiosk page stays loaded from one citizen to the
 * next, as on a real kiosk: the previous card leaving returns it to its start screen.
 */
async function tap(card: VirtualJpkiCard): Promise<void> {
  await takeCardOff();
  if (new URL(page.url()).searchParams.get('mode') !== 'kiosk') await page.goto(kioskUrl);
  await expect
    .poll(() => page.locator('.kiosk[data-ready="true"]').count(), { timeout: 10_000 })
    .toBe(1)
    .catch(async (error: Error) => {
      const kiosk = page.locator('.kiosk');
      throw new Error(
        `the kiosk did not get ready (bridge: ${await kiosk.getAttribute('data-bridge')}, ` +
          `terminal: ${await kiosk.getAttribute('data-terminal')}); it shows: ${await kiosk.textContent()}`,
        { cause: error },
      );
    });
  await screenIs('start');
  await place(card);
  await screenIs('pin');
}

/** The citizen registers the default ID at the kiosk, then a shop links its point card to it. */
async function registerAtKioskAndLink(
  holder: { card: VirtualJpkiCard; defaultId: string },
  pin: string,
  serviceId: string,
): Promise<void> {
  await tap(holder.card);
  await typePin(pin);
  await screenIs('menu');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect.poll(notice).toBe('正常に登録されました。');
  await shop.post('/v1/terminal/links', {
    myKeyId: holder.defaultId,
    serviceCode: 'A-a1-0001',
    serviceId,
  });
}

beforeAll(async () => {
  // Before anything in this process uses PC/SC: it points libpcsclite at this pcscd.
  pcscd = await startPrivatePcscd();
  const appDir = await buildApp();
  platform = await startTestPlatform(
    'pglite',
    { MYKEY_APP_DIR: appDir },
    { today: () => pointsDay ?? japanDay() },
  );
  ca = await createTestCa();
  platform.trustCa(ca);
  shop = await platform.terminal('a1');
  readers = new PcscReaders({ retryMs: 200 });
  bridge = await startTestBridge(readers, { origins: [platform.url] });
  browser = await launchChromium();
  page = await browser.newPage();
  watchForPins(page);
  await setUpTerminal(page, platform.url, platform, bridge);
  kioskUrl = `${platform.url}/?mode=kiosk&bridge=${bridge.server.port}&idle=4`;
});
afterAll(async () => {
  await browser?.close();
  await inReader?.remove();
  await bridge?.close();
  await readers?.close();
  await pcscd?.stop();
  await platform?.close();
});

describe('a browser whose storage will not open', () => {
  // The failure lands before the screen's first effects run: this also pins the screen picking up
  // a change made between its first render and its subscription (it once stayed "not set up").
  it('the kiosk says storage cannot be opened, instead of waiting or blaming the setup', async () => {
    const broken = await browser.newPage();
    await broken.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('storage is disabled', 'UnknownError');
      };
    });
    await broken.goto(kioskUrl);
    await expect
      .poll(() => broken.getByTestId('kiosk-not-ready').textContent())
      .toContain('保存領域を開けません');
    await broken.close();
  });

  it('the reception app says so when opening storage hangs', async () => {
    const wedged = await browser.newPage();
    await wedged.addInitScript(() => {
      // A request that never succeeds nor fails, as a wedged browser profile behaves.
      IDBFactory.prototype.open = () =>
        Object.create(IDBOpenDBRequest.prototype, {
          addEventListener: { value: () => {} },
          removeEventListener: { value: () => {} },
        });
    });
    await wedged.goto(platform.url);
    await expect
      .poll(() => wedged.getByTestId('storage-problem').textContent(), { timeout: 15_000 })
      .toContain('時間がかかっています');
    await wedged.close();
  });
});

describe('the citizen kiosk', () => {
  it('(1) wrong PIN then right PIN, then 【登録】 of the default ID: 「正常に登録されました。」', async () => {
    const taro = await citizen('2468');
    await page.goto(kioskUrl);
    await screenIs('start');
    await screenshot(page, 'kiosk-start');
    // English is one press away, and one press back.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByTestId('kiosk-start').textContent()).toContain(
      'Place your My Number card on the reader',
    );
    await page.getByRole('button', { name: '日本語' }).click();
    expect(await page.getByTestId('kiosk-start').textContent()).toContain(
      'マイナンバーカードを読み取り機に置いてください',
    );
    await tap(taro.card);
    expect(await page.getByTestId('tries-left').textContent()).toContain('3');
    expect(await plainText('kiosk-pin')).toContain('利用者証明用の暗証番号(数字4桁)');
    expect(
      await page.locator('ruby', { hasText: '暗証番号' }).locator('rt').first().textContent(),
    ).toBe('あんしょうばんごう');
    await screenshot(page, 'kiosk-pin');
    await typePin('1111');
    await expect.poll(() => page.getByTestId('tries-left').textContent()).toContain('2');
    expect(await plainText('pin-wrong')).toBe('暗証番号が違います。');
    // With its reading over the hard word, as the kiosk's other sentences have.
    expect(await page.getByTestId('pin-wrong').locator('rt').first().textContent()).toBe(
      'あんしょうばんごう',
    );
    expect(taro.card.triesLeft).toBe(2);
    await typePin('2468');
    await screenIs('menu');
    expect(await page.getByTestId('kiosk-default-id').textContent()).toBe(taro.defaultId);
    await screenshot(page, 'kiosk-menu');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect.poll(notice).toBe('正常に登録されました。');
    expect(await page.getByTestId('kiosk-mykey-id').textContent()).toBe(taro.defaultId);
    await screenshot(page, 'kiosk-registered');
  });

  it('(2) reserves a custom ID typed in full-width lower case; a second citizen gets 「仮登録ができません」', async () => {
    const wanted = `K${randomString(13)}`;
    reservedId = wanted;
    const typed = wanted
      .toLowerCase()
      .replace(/[a-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const hanako = await citizen('1357');
    await tap(hanako.card);
    await typePin('1357');
    await screenIs('menu');
    await page.getByRole('button', { name: /自分で設定する/ }).click();
    await page.locator('input[name="custom-id"]').fill(typed);
    expect(await page.getByTestId('custom-preview').textContent()).toBe(wanted);
    await screenshot(page, 'kiosk-custom');
    await page.getByRole('button', { name: '仮登録', exact: true }).click();
    await expect.poll(notice).toBe('正常に仮登録されました。');
    expect(await page.getByTestId('kiosk-reservation').textContent()).toBe(wanted);
    await screenshot(page, 'kiosk-reserved');

    const jiro = await citizen('9753');
    await tap(jiro.card);
    await typePin('9753');
    await screenIs('menu');
    await page.getByRole('button', { name: /自分で設定する/ }).click();
    await page.locator('input[name="custom-id"]').fill(wanted);
    await page.getByRole('button', { name: '仮登録', exact: true }).click();
    await expect.poll(notice).toContain('仮登録ができません');
    await screenshot(page, 'kiosk-reserve-failed');
  });

  it('shows the services linked to the citizen (names only) and removes one', async () => {
    const saburo = await citizen('8642');
    await registerAtKioskAndLink(saburo, '8642', 'PT-5555');
    await tap(saburo.card);
    await typePin('8642');
    await expect
      .poll(() => page.getByTestId('kiosk-links').textContent())
      .toContain('○○商店街ポイントカード');
    expect(await page.content()).not.toContain('PT-5555');
    await page.getByRole('button', { name: '解除', exact: true }).click();
    await page.getByRole('button', { name: 'やめる' }).click();
    expect(await page.getByTestId('kiosk-links').textContent()).toContain('○○商店街ポイントカード');
    await page.getByRole('button', { name: '解除', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toContain('連携を解除しますか');
    await screenshot(page, 'kiosk-unlink-confirm');
    await page.getByRole('button', { name: '解除する' }).click();
    await expect.poll(notice).toBe('連携を解除しました。');
    await expect.poll(() => page.getByTestId('kiosk-links').count()).toBe(0);
  });

  it('地域経済応援ポイント: linked at the kiosk with the partner’s code, converted points and a coupon go to A市ポイント with its premium, and are spent at a shop', async () => {
    // The operator makes the card company a partner; its customer linked their membership (ID連携).
    const { put, card: card1 } = await makeCardPartner(platform, {
      ratePoints: 1,
      ratePer: 2,
      dailyCapPerson: 10_000,
      dailyCapPartner: 1_000_000,
      holdingDays: 14,
    });
    expect(put.status).toBe(200);
    const shiro = await citizen('1357');
    await registerAtKioskAndLink(shiro, '1357', 'PT-7777');
    // ID連携 at the kiosk: the card company's site gave its signed-in customer a link code.
    const linkCode = await card1.post<{ code: string }>('/v1/partner/link-codes', {
      customerId: 'CARD-0001',
    });
    await tap(shiro.card);
    await typePin('1357');
    await screenIs('menu');
    await page.getByRole('button', { name: /^ＸＸカードと/ }).click();
    for (const key of 'CARD-0001')
      await page.getByRole('button', { name: key, exact: true }).click();
    expect(await page.getByTestId('partner-link-preview').textContent()).toBe('CARD-0001');
    await page.getByRole('button', { name: /^次/ }).click();
    for (const key of linkCode.body.code.replace(/-/g, ''))
      await page.getByRole('button', { name: key, exact: true }).click();
    await page.getByRole('button', { name: /^連携/ }).click();
    await expect.poll(notice).toBe('ＸＸカードと連携しました。交換したポイントはここに届きます。');
    expect(await plainText('kiosk-partners')).toContain('ＸＸカード: 連携済み');

    const converted = await card1.post<{ result: { status: string; points: number } }>(
      '/v1/partner/conversions',
      { transactionId: 'T-0001', customerId: 'CARD-0001', partnerPoints: 1000 },
    );
    expect(converted.body.result).toMatchObject({ status: 'applied', points: 500 });
    const batch = await card1.post<{ codes: string[] }>('/v1/partner/coupon-batches', {
      batchId: 'B-0001',
      count: 1,
      points: 300,
      validDays: 30,
    });
    const code = batch.body.codes[0] ?? '';

    await tap(shiro.card);
    await typePin('1357');
    await screenIs('menu');
    expect(await plainText('kiosk-held')).toContain('ＸＸカードから 500 ポイント');
    expect(await plainText('kiosk-no-default')).toContain('基本自治体が決まっていません');
    // A coupon code, typed on the kiosk's own keys.
    await page.getByRole('button', { name: /クーポンコードを/ }).click();
    for (const key of code.replace(/-/g, ''))
      await page.getByRole('button', { name: key, exact: true }).click();
    expect(await page.getByTestId('coupon-preview').textContent()).toBe(code);
    await page.getByRole('button', { name: /^登録/ }).click();
    await expect.poll(notice).toContain('ＸＸカードのクーポンで 300 ポイントを受け取りました');
    await page.getByRole('button', { name: /^A市を/ }).click();
    await expect.poll(notice).toBe('基本自治体をA市にしました。');
    expect(await plainText('kiosk-default')).toContain('A市');
    // Placing cannot be undone: the kiosk asks first.
    await page.getByRole('button', { name: /^A市ポイントに/ }).click();
    expect(await plainText('kiosk-holdings')).toContain('800 ポイントをA市ポイントに移します');
    await screenshot(page, 'kiosk-place-confirm');
    await page.getByRole('button', { name: /^移/ }).click();
    await expect
      .poll(notice)
      .toBe('A市ポイントに 800 ポイントを移しました(プレミアム +80 ポイント)。');
    expect(await page.getByTestId('kiosk-balance-A-P001').textContent()).toBe('880');
    expect(await plainText('kiosk-holdings')).toContain('選ぶのを待っているポイントはありません');

    // The citizen spends them at a shop of the municipality's programme.
    const spent = await shop.post<{ result: { status: string } }>('/v1/terminal/points/redeem', {
      operationId: randomUUID(),
      kind: 'redeemPoints',
      // Points at a counter go with the tapped card's certificate.
      certificate: shiro.issued.base64,
      programmeCode: 'A-P001',
      points: 80,
    });
    expect(spent.body.result.status).toBe('applied');
    const totals = await platform.admin<{ converted: number; issued: number; redeemed: number }>(
      'GET',
      '/v1/admin/point-programmes/A-P001/totals',
    );
    expect(totals.body).toMatchObject({ converted: 800, issued: 80, redeemed: 80 });

    // The month ends and A市 closes it: the partner's 800 points, the premium and the shop's
    // redemption, in a CSV that balances.
    const month = japanDay().slice(0, 7);
    pointsDay = addDays(`${month}-28`, 7).slice(0, 7).concat('-01');
    try {
      const closed = await platform.admin('POST', '/v1/admin/point-programmes/A-P001/settlements', {
        period: month,
      });
      expect(closed.status).toBe(200);
      const csv = await fetch(
        `${platform.url}/v1/admin/point-programmes/A-P001/settlements/${month}/csv`,
        { headers: { authorization: `Bearer ${platform.adminToken}` } },
      ).then((r) => r.text());
      expect(csv).toContain('変換 / converted,card1,ＸＸカード,-800\r\n');
      expect(csv).toContain('プレミアム / premium,,,-80\r\n');
      expect(csv).toContain('利用 / redeemed,a1,商店街組合a1,80\r\n');
      expect(csv).toContain('合計 / total,,,0\r\n');
    } finally {
      pointsDay = undefined;
    }
  });

  it('warns before the last try, and after a lock explains the municipal office must reset it', async () => {
    const locked = await citizen('1122');
    await tap(locked.card);
    await typePin('0000');
    await typePin('0000');
    await expect.poll(() => page.getByTestId('last-try').isVisible()).toBe(true);
    await screenshot(page, 'kiosk-last-try');
    await typePin('0000');
    await screenIs('locked');
    expect(await plainText('kiosk-locked')).toContain('市区町村の窓口');
    await screenshot(page, 'kiosk-locked');
  });

  it.each([
    [
      'an expired',
      { notBefore: new Date(Date.now() - 9e8), notAfter: new Date(Date.now() - 864e5) },
      '有効期限',
    ],
    [
      'a forged (its key is not the certificate’s)',
      { forged: true },
      'カードによる本人確認ができませんでした',
    ],
  ] as const)('%s card is refused after the PIN', async (_name, options, sentence) => {
    const refused = await citizen('3141', options);
    await tap(refused.card);
    await typePin('3141');
    await screenIs('error');
    expect(await plainText('kiosk-error')).toContain(sentence);
  });

  it('a revoked card is refused once the CRL that lists it is loaded', async () => {
    const revoked = await citizen('2718');
    await platform.admin('POST', '/v1/admin/crls', {
      crl: await ca.issueCrl({ revoked: [revoked.issued.serial] }),
    });
    await tap(revoked.card);
    await typePin('2718');
    await screenIs('error');
    expect(await plainText('kiosk-error')).toContain('失効');
    // Sentences from the platform get readings over their hard words on the kiosk too.
    expect(await page.getByTestId('kiosk-error').locator('rt').allTextContents()).toContain(
      'しっこう',
    );
  });

  it('a card from a CA the platform does not trust is refused after the PIN', async () => {
    const stranger = await citizen('4321', { from: await createTestCa() });
    await tap(stranger.card);
    await typePin('4321');
    await screenIs('error');
    expect(await plainText('kiosk-error')).toContain('発行元が不明');
  });

  it('a challenge that was already used is refused when it comes back', async () => {
    // The platform's answer is replaced by the first challenge it gave, as a replaying
    // attacker between kiosk and platform would do; the card signs it and the platform says no.
    let used: string | undefined;
    await page.route('**/v1/terminal/challenges', async (route) => {
      const response = await route.fetch();
      if (used === undefined) {
        used = await response.text();
        return route.fulfill({ response });
      }
      return route.fulfill({ response, body: used });
    });
    try {
      const rokuro = await citizen('6543');
      await tap(rokuro.card);
      await typePin('6543');
      await screenIs('menu');
      await tap(rokuro.card);
      await typePin('6543');
      await screenIs('error');
      expect(await plainText('kiosk-error')).toContain('本人確認の手続きが無効です');
      await screenshot(page, 'kiosk-refused');
    } finally {
      await page.unroute('**/v1/terminal/challenges');
    }
  });

  it('after a certificate renewal the new card opens the same links under its new default ID', async () => {
    const goro = await citizen('1234');
    await registerAtKioskAndLink(goro, '1234', 'PT-6060');
    // Five years on, J-LIS issues a new certificate: a new random string, the same desk code.
    const renewedId = randomString(14);
    const renewed = await ca.issue({ cn: `${renewedId}${goro.deskCode}` });
    const report = await platform.admin('POST', '/v1/admin/renewals', {
      oldCertificateIssuer: goro.issued.issuer,
      oldCertificateSerial: goro.issued.serial,
      newCertificate: renewed.base64,
    });
    expect(report.body).toMatchObject({ myKeyId: renewedId, outcome: 'moved', linksMoved: 1 });

    await tap(cardOf(renewed, '1234'));
    await typePin('1234');
    await expect.poll(() => page.getByTestId('kiosk-mykey-id').textContent()).toBe(renewedId);
    expect(await page.getByTestId('kiosk-links').textContent()).toContain('○○商店街ポイントカード');
    await screenshot(page, 'kiosk-links');
    const lookup = await shop.post('/v1/terminal/lookup', {
      certificate: renewed.base64,
      serviceCode: 'A-a1-0001',
    });
    expect(lookup.body).toEqual({ serviceId: 'PT-6060' });
  });

  it('taking the card off ends the session at once: the screen clears and the session is closed', async () => {
    const nanako = await citizen('7531');
    await tap(nanako.card);
    await typePin('7531');
    await screenIs('menu');
    expect(await page.content()).toContain(nanako.defaultId);
    const ended = page.waitForRequest('**/v1/terminal/holder-sessions/end');
    await takeCardOff();
    await screenIs('start');
    expect(await page.content()).not.toContain(nanako.defaultId);
    expect((await (await ended).response())?.status()).toBe(200);
  });

  it('after the idle time it warns, then clears the screen and keeps nothing in storage', async () => {
    const shiro = await citizen('5678');
    await tap(shiro.card);
    await typePin('5678');
    await screenIs('menu');
    expect(await page.content()).toContain(shiro.defaultId);
    await expect
      .poll(() => page.getByTestId('idle-warning').isVisible(), { timeout: 10_000 })
      .toBe(true);
    await screenshot(page, 'kiosk-idle-warning');
    // The warning counts down ten seconds, then the kiosk clears itself.
    await screenIs('start', 15_000);
    expect(await page.content()).not.toContain(shiro.defaultId);
    // Every store the origin has, binary values included (as latin1, UTF-16, hex and base64 text,
    // so an ID in any of those encodings is found), Cache Storage (URLs and bodies) and cookies.
    const stored = await readOriginStorage(page);
    // Not vacuous: the kiosk's own database and the precached app were there to scan.
    expect(stored.stores).toBeGreaterThan(0);
    expect(stored.files).toBeGreaterThan(0);
    // Each secret is searched for in every encoding a page might store it in (encodingsOf). The
    // 6-digit test serial could appear in a megabyte of code by chance: it is searched for in the
    // stores the app writes, the IDs everywhere.
    // (A boolean, so a failure names the secret and the place instead of printing a megabyte.)
    const where = (haystack: string, form: string) => {
      const at = haystack.indexOf(form);
      return at < 0 ? 'nowhere' : `at …${haystack.slice(Math.max(0, at - 60), at + 60)}…`;
    };
    for (const secret of [shiro.defaultId, shiro.deskCode])
      for (const form of encodingsOf(secret))
        expect(where(stored.cached, form), `${secret} as ${form} in Cache Storage`).toBe('nowhere');
    const written = `${stored.text}\n${stored.encoded}`;
    for (const secret of [shiro.defaultId, shiro.deskCode, shiro.issued.serial])
      for (const form of encodingsOf(secret))
        expect(where(written, form), `${secret} as ${form} in the app's stores`).toBe('nowhere');
  });

  it('the municipal window finalises the reserved ID with the reissued certificate (本登録)', async () => {
    const reissued = await citizen('1357');
    const card = cardOf(await ca.issue({ cn: `${reservedId}${randomString(9)}` }), '1357');
    await page.goto(`${platform.url}/?mode=window&bridge=${bridge.server.port}`);
    // Window staff hold a credential that can do 本登録 and nothing else.
    const staff = await createAdmin(platform.db, '窓口 山田', 'window');
    await page.locator('input[name="staff-token"]').fill(staff.token);
    await page.getByRole('button', { name: 'ログイン' }).click();
    // 【読取】 before the card is there says what it waits for, then reads it when it lands.
    await takeCardOff();
    await page.getByRole('button', { name: '読取' }).click();
    await expect.poll(() => page.getByTestId('window-waiting').isVisible()).toBe(true);
    await place(reissued.card);
    await expect
      .poll(() => page.getByTestId('window-mykey-id').textContent())
      .toBe(reissued.defaultId);
    await page.getByRole('button', { name: '本登録' }).click();
    await expect.poll(() => page.getByTestId('window-error').textContent()).toContain('仮登録');
    await place(card);
    await page.getByRole('button', { name: '読取' }).click();
    await expect.poll(() => page.getByTestId('window-mykey-id').textContent()).toBe(reservedId);
    await page.getByRole('button', { name: '本登録' }).click();
    await expect.poll(() => page.getByTestId('window-result').textContent()).toContain(reservedId);
    await screenshot(page, 'window-finalised');
  });
});

describe('the PIN', () => {
  it('went to the bridge for the card, and is in no log, message, answer or storage after every run above', async () => {
    // A 4-digit PIN is found as itself, not as part of a longer number (a timestamp, a port), nor
    // inside a base64 blob (a certificate or a signature: 7531 turns up in one now and then by
    // chance; a PIN carried as bytes is what the hex search below is for).
    const alone = (pin: string) => new RegExp(`(?<![0-9])${pin}(?![0-9])`);
    // Random ids (UUIDs: challenge, operation, terminal) are left out the same way: their hex
    // holds four given digits between letters in about one run in twenty.
    const withoutBlobs = (text: string) =>
      text
        .replace(/[A-Za-z0-9+/=_-]{40,}/g, '<blob>')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
    const asciiHex = (pin: string) => Buffer.from(pin).toString('hex');
    expect(pinsTyped.size).toBeGreaterThanOrEqual(10);
    // Not vacuous: the capture saw the PINs where they must go, the frames to the bridge.
    for (const pin of pinsTyped) expect(carried.toBridge.join('\n'), pin).toMatch(alone(pin));

    const stored = await readOriginStorage(page);
    expect(stored.stores).toBeGreaterThan(0);
    const pcscdLog = readFileSync(pcscd.logFile, 'utf8');
    expect(pcscdLog.length).toBeGreaterThan(0);
    const places = {
      'the platform’s log': platform.logs.join('\n'),
      'this process’s stdout and stderr (platform and bridge code)': carried.processOutput.join(''),
      'the page’s console and errors': carried.console.join('\n'),
      'requests to and answers from the platform': carried.platformTraffic.join('\n'),
      'the bridge’s answers': carried.fromBridge.join('\n'),
      'the page as it stands': await page.content(),
      'the origin’s storage': stored.text,
      'pcscd’s log': pcscdLog,
    };
    expect(carried.platformTraffic.length).toBeGreaterThan(20);
    expect(carried.fromBridge.length).toBeGreaterThan(20);
    for (const pin of pinsTyped) {
      for (const [place, text] of Object.entries(places))
        expect(withoutBlobs(text), `PIN ${pin} in ${place}`).not.toMatch(alone(pin));
      // As the bytes of a VERIFY command would carry it.
      for (const text of [stored.encoded, pcscdLog])
        expect(text.toLowerCase(), `PIN ${pin} as bytes`).not.toContain(asciiHex(pin));
    }
  });
});
