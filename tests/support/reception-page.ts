import type { Frame, Page } from 'playwright-core';
import type { TestBridge } from './bridge-harness';
import type { TestPlatform } from './platform-harness';

/** Waits for a condition on the page (usable in hooks, where expect.poll is not). */
export async function until(
  check: () => Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Staff set up a new terminal: enrol it, choose its service, pair it with the bridge. In a page of
 * its own, or in a frame of the business system's page (whose storage is the frame's own).
 */
export async function setUpTerminal(
  page: Page | Frame,
  appUrl: string,
  platform: TestPlatform,
  bridge: TestBridge,
  serviceCode = 'A-a1-0001',
): Promise<void> {
  // A service code names its provider: A-beta1-0001 is the library β1's.
  const created = await platform.admin<{ enrolmentCode: string }>('POST', '/v1/admin/terminals', {
    providerCode: serviceCode.split('-')[1],
    name: 'レジ1',
  });
  await page.goto(`${appUrl}/?bridge=${bridge.server.port}`);
  await page.locator('input[name="enrolment-code"]').fill(created.body.enrolmentCode);
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await until(() => page.getByTestId('enrolled').isVisible(), 'the terminal is enrolled');
  await page.locator('select[name="service"]').selectOption(serviceCode);
  // The same bridge may have paired another page before: wait for the code shown for this one.
  const shownBefore = bridge.codesShown();
  await page.getByRole('button', { name: 'ペアリングを始める' }).click();
  await until(async () => bridge.codesShown() > shownBefore, 'the bridge shows a new pairing code');
  await page.locator('input[name="pairing-code"]').fill(bridge.lastCode() as string);
  await page.getByRole('button', { name: 'ペアリング', exact: true }).click();
  await until(
    async () => (await page.getByTestId('bridge-state').textContent()) === '接続済み',
    'the bridge is paired',
  );
}
