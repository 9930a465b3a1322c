import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { addDays, japanDay } from '../../core/points/japan-day';
import { createAdmin } from '../../platform/domain/admins';
import { countShopWeeks, weekOf } from '../../platform/domain/points/shop-weeks';
import { startTestBridge, type TestBridge } from '../support/bridge-harness';
import { buildApp, launchChromium, runAxe, screenshot } from '../support/browser';
import { closeAll } from '../support/close-all';
import { registerDefault, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { setUpTerminal } from '../support/reception-page';
import type { TerminalClient } from '../support/terminal-client';
import {
  makeTestMyNumberCard,
  makeTestServiceCard,
  type TestMyNumberCard,
} from '../support/virtual-cards';

/**
 * Every screen at the sizes people use it (a landscape tablet at the counter, the same tablet
 * upright, a phone), in Chromium: what staff or the citizen must do next, and what just happened,
 * is inside the viewport without scrolling; nothing is wider than the screen; and axe-core finds
 * no violation in Japanese or in English. The screenshots are kept (test-results/screens).
 */
const SIZES = [
  { name: 'landscape', width: 1280, height: 800 },
  { name: 'portrait', width: 800, height: 1280 },
  { name: 'phone', width: 390, height: 844 },
] as const;

let platform: TestPlatform;
let bridge: TestBridge;
let browser: Browser;
let page: Page;
let simulator: SimulatedReaders;
let shop: TerminalClient;
let windowToken: string;
let appDir: string;

beforeAll(async () => {
  appDir = await buildApp();
  platform = await startTestPlatform('pglite', { MYKEY_APP_DIR: appDir });
  const first = await makeTestMyNumberCard();
  simulator = new SimulatedReaders({ mynumber: first.card, service: makeTestServiceCard() });
  bridge = await startTestBridge(simulator, { simulator, origins: [platform.url] });
  shop = await platform.terminal('a1');
  windowToken = (await createAdmin(platform.db, '窓口 山田', 'window')).token;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
  await setUpTerminal(page, platform.url, platform, bridge);
  // Three counted weeks at a1, the middle one too quiet to show, for the 集計 screen.
  const monday = weekOf(japanDay());
  for (let i = 0; i < 12; i += 1) {
    const id = `SCR${String(i).padStart(11, '0')}`;
    await platform.db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [id]);
    for (const weeksAgo of i < 5 ? [3, 2, 1] : [3, 1])
      await platform.db.query(
        `SELECT point_award('A-P002', 'a1', $1, 2500, NULL, $2::date, NULL)`,
        [id, addDays(monday, -7 * weeksAgo + 1)],
      );
  }
  await countShopWeeks(platform.db, japanDay());
});
afterAll(() => closeAll(browser, bridge, platform));

/** A new citizen whose card the platform trusts, with a default My Key ID registered or not. */
async function newCitizen(registered: boolean): Promise<TestMyNumberCard> {
  const citizen = await makeTestMyNumberCard();
  platform.trustCa(citizen.ca);
  if (registered) expect((await registerDefault(shop, citizen.issued)).status).toBe(200);
  return citizen;
}

/** The element is wholly inside the viewport as it stands (the page was not scrolled to it). */
async function expectInView(element: Locator, what: string): Promise<void> {
  await element.waitFor({ state: 'visible' });
  const where = await element.evaluate((node) => {
    const box = node.getBoundingClientRect();
    return {
      top: Math.round(box.top),
      bottom: Math.round(box.bottom),
      left: Math.round(box.left),
      right: Math.round(box.right),
      width: window.innerWidth,
      height: window.innerHeight,
      scrolled: Math.round(window.scrollY),
    };
  });
  const inside =
    where.top >= 0 && where.left >= 0 && where.bottom <= where.height && where.right <= where.width;
  expect(inside, `${what} is outside the viewport: ${JSON.stringify(where)}`).toBe(true);
}

/** Nothing makes the page wider than the screen (no sideways scrolling on a phone). */
async function expectNoSidewaysScroll(what: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
  }));
  expect(widths.page, `${what} is wider than the screen`).toBeLessThanOrEqual(widths.screen);
}

/** axe-core on the page as it is, in Japanese and then in English; back in Japanese after. */
async function expectAccessible(what: string): Promise<void> {
  for (const [language, switchTo] of [
    ['ja', 'English'],
    ['en', '日本語'],
  ] as const) {
    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    const result = await runAxe(page);
    const violations = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect(violations, `${what} in ${language}`).toEqual([]);
    await page.getByRole('button', { name: switchTo, exact: true }).click();
  }
}

/** One state of one screen: what must be in view, then no sideways scroll, axe, a screenshot. */
async function check(
  size: (typeof SIZES)[number],
  name: string,
  inView: Record<string, Locator>,
): Promise<void> {
  // First, so a screen that fails its check is there to look at.
  await screenshot(page, `${size.name}-${name}`);
  for (const [what, element] of Object.entries(inView))
    await expectInView(element, `${name} at ${size.width}×${size.height}: ${what}`);
  await expectNoSidewaysScroll(`${name} at ${size.width}×${size.height}`);
  await expectAccessible(`${name} at ${size.width}×${size.height}`);
}

const button = (name: string | RegExp, within: Page | Locator = page) =>
  within.getByRole('button', { name, exact: typeof name === 'string' });

it("keeps the kiosk's and the window's sentences out of the counter's first load", () => {
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  expect(first.length).toBeGreaterThan(0);
  const code = first.map((file) => readFileSync(join(appDir, file), 'utf8')).join('\n');
  expect(code).toContain('サービスのカードをかざしてください');
  // A kiosk sentence (with its readings) and a window one.
  expect(code).not.toContain('あんしょうばんごう');
  expect(code).not.toContain('本登録しました');
});

describe.each(SIZES)('at $width×$height ($name)', (size) => {
  it('the counter: each registration step, its result, the lookup, the queue and the setup', async () => {
    await page.setViewportSize(size);
    await page.goto(platform.url);
    const citizen = await newCitizen(true);
    const serviceIdm = `0114${size.width.toString(16).padStart(12, '0').toUpperCase()}`;
    const steps = page.locator('.steps > li');

    await check(size, 'register-1', {
      'step ① and its 【読取】': steps.nth(0),
      'the tabs': page.getByRole('navigation'),
    });
    simulator.placeCard(citizen.card);
    await expect.poll(() => page.getByTestId('mykey-id').textContent()).toBe(citizen.myKeyId);
    await check(size, 'register-2', {
      'the My Key ID read in step ①': page.getByTestId('mykey-id'),
      'step ② and its 【読取】': steps.nth(1),
      'the choice of camera or typed entry': button(/カメラ|入力/, steps.nth(1)).first(),
    });
    simulator.placeCard(makeTestServiceCard(serviceIdm));
    await expect.poll(() => page.getByTestId('service-id').textContent()).toBe(serviceIdm);
    await check(size, 'register-3', {
      'the service ID read in step ②': page.getByTestId('service-id'),
      '【登録】': button('登録'),
    });
    await button('登録').click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toBe('正常に登録されました。');
    await check(size, 'register-done', { 'the result': page.getByTestId('notice') });

    await button('照会').click();
    simulator.remove();
    simulator.placeCard(citizen.card);
    await expect.poll(() => page.getByTestId('lookup-service-id').textContent()).toBe(serviceIdm);
    await check(size, 'lookup', {
      'the service ID': page.getByTestId('lookup-service-id'),
      'its コピー': button('コピー'),
    });

    await button(/送信待ち/).click();
    await check(size, 'queue', { 'what waits': page.getByTestId('pending') });
    await button('端末設定').click();
    await check(size, 'setup', { 'where the terminal stands': page.getByTestId('enrolled') });
  });

  it('the counter: ポイント, a card read and an award', async () => {
    await page.setViewportSize(size);
    await page.goto(platform.url);
    const citizen = await newCitizen(true);
    await button('ポイント').click();
    await page.locator('select[name="programme"]').selectOption('A-P002');
    simulator.remove();
    simulator.placeCard(citizen.card);
    await expect.poll(() => page.getByTestId('points-balance').textContent()).toBe('0');
    await page.getByLabel('お買い上げ金額(円)').fill('1980');
    await button('付与する').click();
    await expect
      .poll(() => page.getByTestId('points-notice').textContent())
      .toBe('19 ポイントを付与しました。');
    await check(size, 'points', {
      'the result': page.getByTestId('points-notice'),
      'the balance': page.getByTestId('points-balance'),
      // On a phone the award form stacks below the balance, one scroll away.
      ...(size.name === 'phone' ? {} : { '【付与する】': button('付与する') }),
    });
    await button('集計').click();
    await expect
      .poll(() => page.getByTestId('analytics-table').locator('tbody tr').count())
      .toBe(3);
    await check(size, 'analytics', { 'the chart': page.getByTestId('analytics-chart') });
  });

  it('the kiosk: start, PIN, the default ID, a custom ID on its own keys, the registered ID', async () => {
    await page.setViewportSize(size);
    await page.goto(`${platform.url}/?mode=kiosk`);
    await expect.poll(() => page.locator('.kiosk[data-ready="true"]').count()).toBe(1);
    await check(size, 'kiosk-start', { 'the prompt': page.locator('.prompt') });
    const citizen = await newCitizen(false);
    simulator.placeCard(citizen.card);
    await expect.poll(() => page.getByTestId('kiosk-pin').isVisible()).toBe(true);
    await check(size, 'kiosk-pin', {
      'the instruction': page.locator('.prompt'),
      'the tries left': page.getByTestId('tries-left'),
      'the key 0': button('0'),
      '【訂正】': button('訂正'),
      '【確認】': button('確認'),
      '【終了】': button('終了'),
    });
    for (const digit of citizen.pin) await button(digit).click();
    await button('確認').click();
    await expect.poll(() => page.getByTestId('kiosk-menu').isVisible()).toBe(true);
    await check(size, 'kiosk-menu', {
      'the default ID': page.getByTestId('kiosk-default-id'),
      '【登録】': button('登録'),
    });
    await button(/自分で設定/).click();
    await expect.poll(() => page.getByTestId('kiosk-custom').isVisible()).toBe(true);
    for (const key of 'MY-TOWN'.replace('-', ''))
      await button(key, page.locator('.id-keys')).click();
    await expect.poll(() => page.getByTestId('custom-preview').textContent()).toContain('MYTOWN');
    await check(size, 'kiosk-custom', {
      'what was typed, normalised': page.getByTestId('custom-preview'),
      'the keys': page.locator('.id-keys'),
      '【仮登録】': button('仮登録'),
    });
    await button('戻る').click();
    await button('登録').click();
    await expect.poll(() => page.getByTestId('kiosk-mykey-id').textContent()).toBe(citizen.myKeyId);
    await check(size, 'kiosk-registered', {
      'the registered ID': page.getByTestId('kiosk-mykey-id'),
      'the success sentence': page.getByTestId('kiosk-notice'),
      '【終了】': button('終了'),
    });
    // A coupon code from a partner, on the kiosk's own keys.
    await button(/^クーポンコードを/).click();
    await expect.poll(() => page.getByTestId('kiosk-coupon').isVisible()).toBe(true);
    for (const key of '7K3M') await button(key, page.locator('.id-keys')).click();
    await check(size, 'kiosk-coupon', {
      'what was typed': page.getByTestId('coupon-preview'),
      'the keys': page.locator('.id-keys'),
    });
    await button('戻る').click();
    await expect.poll(() => page.getByTestId('kiosk-holdings').isVisible()).toBe(true);
    await button('終了').click();
    simulator.remove();
  });

  it('the window: sign-in, then 【読取】 with the simulated card beside it', async () => {
    await page.setViewportSize(size);
    await page.goto(`${platform.url}/?mode=window`);
    await check(size, 'window-sign-in', { 'the sign-in': button('ログイン') });
    await page.locator('input[name="staff-token"]').fill(windowToken);
    await button('ログイン').click();
    await check(size, 'window-read', { '【読取】': button('読取') });
  });
});
