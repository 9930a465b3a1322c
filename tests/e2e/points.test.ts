import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import type { VirtualJpkiCard } from '../../bridge/simulate/virtual-jpki-card';
import { errorMessage } from '../../core/error-messages';
import { addDays, japanDay } from '../../core/points/japan-day';
import { countShopWeeks, weekOf } from '../../platform/domain/points/shop-weeks';
import { DEMO_PROGRAMMES } from '../../platform/process/demo-catalogue';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { type CuttableProxy, startCuttableProxy } from '../support/cuttable-proxy';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal } from '../support/reception-page';
import { makeTestMyNumberCard, makeTestServiceCard } from '../support/virtual-cards';

/**
 * Points at the shopping street's counter, in a real browser: the balance when the card lands, an
 * award, an award while the network is down (queued, then sent), a redemption, its cancel, a
 * redemption the network swallowed, which takes nothing twice, and ones past the programme's PIN
 * threshold (by themselves or with the day's), which the holder allows with the PIN. Every call
 * sends the tapped card's certificate, and the card taken off the reader takes its customer away.
 */
/** ○○商店街ポイント here asks for the holder's PIN to spend more than this. */
const PIN_ABOVE = 10;
let platform: TestPlatform;
let proxy: CuttableProxy;
let bridge: TestBridge;
let simulator: SimulatedReaders;
let browser: Browser;
let page: Page;
let card: VirtualJpkiCard;
let myKeyId: string;

const text = (testId: string) => page.getByTestId(testId).textContent();

/** The balance the platform holds for the citizen in ○○商店街ポイント. */
async function heldOnPlatform(): Promise<number> {
  const rows = await platform.db.query<{ balance: string }>(
    `SELECT balance FROM point_accounts WHERE programme_code = 'A-P002' AND my_key_id = $1`,
    [myKeyId],
  );
  return Number(rows[0]?.balance ?? 0);
}

async function showPoints(): Promise<void> {
  await page.getByRole('button', { name: 'ポイント', exact: true }).click();
  await page.locator('select[name="programme"]').selectOption('A-P002');
  // The customer's card lands on the reader: the screen reads it as 【カードを読む】 would.
  simulator.placeCard(card);
}

beforeAll(async () => {
  const appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  proxy = await startCuttableProxy(Number(new URL(platform.url).port));
  const kiosk = await platform.terminal('a1');
  const citizen = await makeTestMyNumberCard();
  platform.trustCa(citizen.ca);
  await registerDefault(kiosk, citizen.issued);
  const street = DEMO_PROGRAMMES.find((p) => p.code === 'A-P002');
  const put = await platform.admin('PUT', '/v1/admin/point-programmes/A-P002', {
    ...street,
    redeemPinAbove: PIN_ABOVE,
  });
  if (put.status !== 200) throw new Error(`programme not updated: ${put.status}`);
  ({ card, myKeyId } = citizen);
  simulator = new SimulatedReaders({ mynumber: card, service: makeTestServiceCard() });
  bridge = await startTestBridge(simulator, { simulator, origins: [proxy.url] });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await setUpTerminal(page, proxy.url, platform, bridge);
});
afterAll(() => closeAll(browser, bridge, proxy, platform));

describe('points at the counter', () => {
  it('shows the balance when the card lands, masked ID, and awards 1 point per 100 yen', async () => {
    await showPoints();
    await expect.poll(() => text('points-balance')).toBe('0');
    expect(await text('points-customer')).toBe(
      `${myKeyId.slice(0, 2)}${'*'.repeat(10)}${myKeyId.slice(-2)}`,
    );
    await page.getByLabel('お買い上げ金額(円)').fill('1980');
    expect(await text('points-preview')).toContain('付与するポイント: 19');
    await page.getByRole('button', { name: '付与する' }).click();
    await expect.poll(() => text('points-notice')).toBe('19 ポイントを付与しました。');
    expect(await text('points-balance')).toBe('19');
    expect(await text('points-soonest')).toContain('19 ポイントは');
    expect(await heldOnPlatform()).toBe(19);
    await screenshot(page, 'points-awarded');
  });

  it('with the network down, an award is queued like a registration and sent when it returns', async () => {
    proxy.cut();
    await page.getByLabel('お買い上げ金額(円)').fill('500');
    await page.getByRole('button', { name: '付与する' }).click();
    await expect.poll(() => text('points-notice')).toContain('送信待ちです');
    expect(await heldOnPlatform()).toBe(19);
    await page.getByRole('button', { name: /送信待ち/ }).click();
    await expect
      .poll(() => page.getByTestId('waiting').textContent())
      .toContain('お買い上げ 500円');
    await screenshot(page, 'points-queued');
    proxy.restore();
    await page.getByRole('button', { name: '今すぐ送信' }).click();
    await expect.poll(() => text('pending')).toBe('0');
    expect(await heldOnPlatform()).toBe(24);
  });

  it('利用 shows the balance after, takes the points, and 取消 gives them back', async () => {
    await showPoints();
    await expect.poll(() => text('points-balance')).toBe('24');
    await page.getByRole('button', { name: '利用', exact: true }).click();
    await page.getByLabel('利用するポイント').fill('10');
    expect(await text('points-after')).toBe('利用後の残高: 14');
    await page.getByRole('button', { name: '利用する' }).click();
    await expect.poll(() => text('points-notice')).toBe('10 ポイントを利用しました。');
    expect(await text('points-balance')).toBe('14');
    await page.getByRole('button', { name: '直前の操作を取り消す' }).click();
    await page.getByRole('button', { name: '取り消す', exact: true }).click();
    await expect.poll(() => text('points-notice')).toBe('取り消しました(10 ポイント)。');
    expect(await text('points-balance')).toBe('24');
    expect(await heldOnPlatform()).toBe(24);
    // More than the balance is refused by the screen before it is sent.
    await page.getByLabel('利用するポイント').fill('25');
    expect(await text('points-after')).toBe('利用後の残高: -1');
    expect(await page.getByRole('button', { name: '利用する' }).isDisabled()).toBe(true);
  });

  it('offline, a redemption takes nothing; its lost answer is fetched again without taking twice', async () => {
    proxy.cut();
    await page.getByLabel('利用するポイント').fill('4');
    await page.getByRole('button', { name: '利用する' }).click();
    await expect.poll(() => text('points-notice')).toContain('利用の結果が届きませんでした');
    expect(await heldOnPlatform()).toBe(24);
    await screenshot(page, 'points-redeem-unsure');
    proxy.restore();
    const again = page.getByRole('button', { name: '利用をもう一度送る' });
    await again.click();
    await expect.poll(() => text('points-notice')).toBe('4 ポイントを利用しました。');
    expect(await heldOnPlatform()).toBe(20);
    expect(await text('points-balance')).toBe('20');
  });

  it('利用 above the threshold turns the PIN pad to the holder: a wrong PIN takes nothing, the right one takes the points once', async () => {
    // The holder's 【確認】 is in view as the pad opens, upright, on a phone and on a landscape
    // tablet (the last stays open for the rest of the test); 【やめる】 closes it untouched.
    for (const size of [
      { width: 800, height: 1280 },
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(size);
      await page.getByLabel('利用するポイント').fill('12');
      expect(await text('points-pin-above')).toContain(
        `${PIN_ABOVE} ポイントを超える利用には暗証番号が必要です`,
      );
      await page.getByRole('button', { name: '利用する' }).click();
      await expect.poll(() => page.getByTestId('points-pin').isVisible()).toBe(true);
      const box = await page.getByRole('button', { name: '確認', exact: true }).boundingBox();
      const where = `${size.width}×${size.height}: 確認 at ${JSON.stringify(box)}`;
      expect(box, where).not.toBeNull();
      expect(box?.y ?? -1, where).toBeGreaterThanOrEqual(0);
      expect((box?.y ?? 0) + (box?.height ?? Infinity), where).toBeLessThanOrEqual(size.height);
      await screenshot(page, `points-pin-${size.width}x${size.height}`);
      if (size.width === 1280) break;
      await page.getByRole('button', { name: '暗証番号の入力をやめる' }).click();
      expect(await page.getByTestId('points-pin').count()).toBe(0);
    }
    expect(await text('points-notice')).toContain('12 ポイントの利用には、ご本人による暗証番号');
    const triesBefore = Number((await text('tries-left'))?.replace(/\D/g, ''));
    await screenshot(page, 'points-pin');
    const typePin = async (pin: string) => {
      for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
      await page.getByRole('button', { name: '確認', exact: true }).click();
    };
    await typePin('9999');
    await expect.poll(() => text('points-notice')).toBe(errorMessage('PIN_WRONG', 'ja'));
    expect(Number((await text('tries-left'))?.replace(/\D/g, ''))).toBe(triesBefore - 1);
    expect(await heldOnPlatform()).toBe(20);
    await typePin('1234');
    await expect.poll(() => text('points-notice')).toBe('12 ポイントを利用しました。');
    expect(await page.getByTestId('points-pin').count()).toBe(0);
    expect(await text('points-balance')).toBe('8');
    expect(await heldOnPlatform()).toBe(8);
    // Up to the threshold by itself, but the day counts: 4 and 12 were spent today (the 10 given
    // back does not count), so 1 more passes 10. The platform asks for the PIN (nothing taken),
    // the pad turns to the holder, and the same redemption goes again with the card's signature.
    await page.getByLabel('利用するポイント').fill(String(1));
    await page.getByRole('button', { name: '利用する' }).click();
    await expect.poll(() => page.getByTestId('points-pin').isVisible()).toBe(true);
    expect(await text('points-notice')).toContain(
      `本日の利用の合計が ${PIN_ABOVE} ポイントを超えるため、ご本人による暗証番号`,
    );
    expect(await heldOnPlatform()).toBe(8);
    await typePin('1234');
    await expect.poll(() => text('points-notice')).toBe('1 ポイントを利用しました。');
    expect(await page.getByTestId('points-pin').count()).toBe(0);
    expect(await heldOnPlatform()).toBe(7);
    // The next customer: the card (and its certificate) leave the screen with the customer.
    await page.getByRole('button', { name: '次のお客様' }).click();
    expect(await page.getByTestId('points-customer').count()).toBe(0);
    expect(await page.getByRole('button', { name: '利用する' }).isDisabled()).toBe(true);
  });

  it('taking the card off the reader forgets the customer: nothing done next reaches them, and an award says when the card was read', async () => {
    // The card is read again (off the reader and back).
    simulator.remove();
    const placed = Date.now();
    simulator.placeCard(card);
    await expect.poll(() => text('points-balance')).toBe('7');
    expect(await page.getByTestId('points-customer').count()).toBe(1);
    // Staff take a while before the award: it still says when the card was read.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = page.waitForRequest((r) => r.url().endsWith('/v1/terminal/points/award'));
    const pressed = Date.now();
    await page.getByRole('button', { name: '付与', exact: true }).click();
    await page.getByLabel('お買い上げ金額(円)').fill('100');
    await page.getByRole('button', { name: '付与する' }).click();
    const madeAt = Date.parse(JSON.parse((await sent).postData() ?? '{}').madeAt);
    expect(madeAt).toBeGreaterThanOrEqual(placed - 1000);
    expect(madeAt).toBeLessThan(pressed);
    await expect.poll(() => text('points-notice')).toBe('1 ポイントを付与しました。');
    expect(await heldOnPlatform()).toBe(8);
    // The customer takes the card: the screen forgets them and asks for the card again.
    simulator.remove();
    await expect.poll(() => page.getByTestId('points-customer').count()).toBe(0);
    expect(await text('points-notice')).toBe(
      'カードがリーダーから離れました。続けるには、お客様のカードをもう一度置いてください。',
    );
    expect(await page.getByTestId('points-balance').count()).toBe(0);
    expect(await page.getByRole('button', { name: '付与する' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '直前の操作を取り消す' }).count()).toBe(0);
    // Nothing goes out for the previous customer, whatever staff press.
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/terminal/points/')) calls.push(r.url());
    });
    await page.getByLabel('お買い上げ金額(円)').fill('5000');
    await page.getByRole('button', { name: '付与する' }).click({ force: true });
    await page.getByRole('button', { name: '利用', exact: true }).click();
    await page.getByLabel('利用するポイント').fill('3');
    await page.getByRole('button', { name: '利用する' }).click({ force: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls).toEqual([]);
    expect(await heldOnPlatform()).toBe(8);
    // The card back on the reader: the customer again.
    simulator.placeCard(card);
    await expect.poll(() => text('points-balance')).toBe('8');
  });

  it('集計 shows the street’s weeks as a chart and a table, hides a quiet week, and saves a CSV', async () => {
    // Three weeks before this one at a1: 14 regulars, then a quiet week of 6, then the 14 again.
    const monday = weekOf(japanDay());
    const regulars = Array.from({ length: 14 }, (_, i) => `E2E${String(i).padStart(11, '0')}`);
    for (const id of regulars)
      await platform.db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [id]);
    for (const [weeksAgo, people] of [
      [3, regulars],
      [2, regulars.slice(0, 6)],
      [1, regulars],
    ] as const)
      for (const id of people)
        await platform.db.query(
          `SELECT point_award('A-P002', 'a1', $1, 1000, NULL, $2::date, NULL)`,
          [id, addDays(monday, -7 * weeksAgo + 2)],
        );
    expect(await countShopWeeks(platform.db, japanDay())).toBe(3);

    await page.getByRole('button', { name: '集計', exact: true }).click();
    await page.locator('select[name="analytics-programme"]').selectOption('A-P002');
    const rows = page.getByTestId('analytics-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (i: number) =>
      (await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim());
    expect(await cells(0)).toEqual(['14', '14', '0', '0', '140', '0']);
    expect(await cells(1)).toEqual(['—', '—', '—', '—', '—', '—']);
    expect(await cells(2)).toEqual(['14', '0', '14', '0', '140', '0']);
    const chart = page.getByTestId('analytics-chart');
    expect(await chart.locator('rect.bar').count()).toBe(2);
    expect(await chart.locator('rect.hidden-bar').count()).toBe(1);
    expect(await chart.getAttribute('aria-label')).toContain('商店街全体');
    await screenshot(page, 'analytics');

    // a1 is the street's association: it saves every shop's weeks as a CSV for Excel.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSVで保存(Excel用)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^集計_A-P002_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF顧客分析 / shop analytics,A-P002')).toBe(true);
    expect(csv).toContain(`${addDays(monday, -21)},a1,商店街組合a1,14,14,0,0,140,0\r\n`);
    expect(csv).toContain(`${addDays(monday, -14)},a1,商店街組合a1,,,,,,\r\n`);
    for (const id of regulars) expect(csv).not.toContain(id);
  });

  it('the citizen sees the balance and the entries at the kiosk, after their PIN', async () => {
    simulator.remove();
    await page.goto(`${proxy.url}/?mode=kiosk&bridge=${bridge.server.port}`);
    await expect.poll(() => page.locator('.kiosk[data-ready="true"]').count()).toBe(1);
    simulator.placeCard(card);
    await expect.poll(() => page.getByTestId('kiosk-pin').isVisible()).toBe(true);
    for (const digit of '1234')
      await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '確認', exact: true }).click();
    await expect.poll(() => page.getByTestId('kiosk-balance-A-P002').textContent()).toBe('8');
    const rows = page.getByTestId('kiosk-points').locator('tbody tr');
    // 19 and 5 awarded, 10 spent and given back, 4, 12 and 1 spent (with the PIN), 1 awarded:
    // newest first, with the shop's name.
    expect(await rows.count()).toBe(8);
    expect(await rows.first().textContent()).toContain('+1');
    expect(await rows.nth(1).textContent()).toContain('利用');
    expect(await rows.nth(1).textContent()).toContain('商店街組合a1');
    expect(await rows.nth(1).textContent()).toContain('-1');
    expect(await rows.nth(2).textContent()).toContain('-12');
    expect(await rows.last().textContent()).toContain('+19');
    // Readings over the hard words, as everywhere on the kiosk.
    expect(await page.getByTestId('kiosk-points').locator('rt').first().textContent()).toBeTruthy();
    await screenshot(page, 'kiosk-points');
  });
});
