import { beforeAll, describe, expect, it } from 'vitest';
import type { ShopAnalytics } from '../../core/api/shop-analytics';
import { countShopWeeks } from '../../platform/domain/shop-weeks';
import { databaseKinds } from '../support/databases';
import { platformSuite } from '../support/platform-suite';

/**
 * 顧客分析 over the API: the demo's ○○商店街ポイント (A-P002, owned by a1) with a second shop,
 * gamma1. A week with 12 customers at a1 and 4 at gamma1 (three of them a1's too): gamma1's
 * terminal sees its own row, suppressed, and the street's, suppressed too (street − a1 would be
 * about the one person who used only gamma1); a1's terminal, the association's, sees every shop; a library sees nothing.
 */
const STREET = 'A-P002';
type Answer = ShopAnalytics & { error?: { code: string } };

describe.each(databaseKinds())('shop analytics on %s', (kind) => {
  const {
    platform,
    terminals: { association, shop, library },
  } = platformSuite(
    kind,
    { association: 'a1', shop: 'gamma1', library: 'beta1' },
    {},
    { today: () => '2027-03-15' },
  );

  const person = (i: number) => `W${kind.slice(0, 1)}${String(i).padStart(12, '0')}`;
  const award = (who: number, shopCode: string, day: string) =>
    platform.db.query(`SELECT point_award($1, $2, $3, 1000, NULL, $4::date, NULL)`, [
      STREET,
      shopCode,
      person(who),
      day,
    ]);

  beforeAll(async () => {
    await platform.db.query(`INSERT INTO point_participants VALUES ($1, 'gamma1', true, true)`, [
      STREET,
    ]);
    for (let i = 0; i < 13; i += 1)
      await platform.db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [
        person(i),
      ]);
    // The week before: 10 of them at a1, so they come back as repeat customers.
    for (let i = 0; i < 10; i += 1) await award(i, 'a1', '2027-03-02');
    for (let i = 0; i < 12; i += 1) await award(i, 'a1', '2027-03-09');
    for (const i of [0, 1, 2, 12]) await award(i, 'gamma1', '2027-03-10');
    // Counted by the daily job; again finds nothing new.
    expect(await countShopWeeks(platform.db, '2027-03-15')).toBeGreaterThanOrEqual(2);
    expect(await countShopWeeks(platform.db, '2027-03-15')).toBe(0);
  });

  const ask = (terminal: typeof shop, body: object) =>
    terminal.post<Answer>('/v1/terminal/points/analytics', { programmeCode: STREET, ...body });

  it('shows the association every shop of the street, week by week', async () => {
    const { status, body } = await ask(association, {});
    expect(status).toBe(200);
    expect(body.scope).toBe('street');
    const week = body.weeks.find((w) => w.weekStart === '2027-03-08');
    expect(week?.shops.map((s) => s.providerCode)).toEqual(['a1', 'gamma1']);
    expect(week?.shops[0]).toMatchObject({
      providerName: '商店街組合a1',
      customers: 12,
      // 10 came back and 2 are new: both go, or "2" would be shown by subtraction.
      newCustomers: null,
      repeatCustomers: null,
      pointsAwarded: 120,
      pointsRedeemed: 0,
    });
    expect(week?.shops[1]).toMatchObject({
      providerCode: 'gamma1',
      customers: null,
      pointsAwarded: null,
    });
    // The street less a1's row would be about the one person who used only gamma1: hidden.
    expect(week?.street).toMatchObject({ providerCode: '', customers: null, pointsAwarded: null });
    const first = body.weeks.find((w) => w.weekStart === '2027-03-01');
    expect(first?.street).toMatchObject({ customers: 10, newCustomers: 10, repeatCustomers: 0 });
  });

  it('shows a shop only its own row and the street’s', async () => {
    const { status, body } = await ask(shop, { weeks: 1 });
    expect(status).toBe(200);
    expect(body.scope).toBe('shop');
    expect(body.weeks).toHaveLength(1);
    expect(body.weeks[0]?.weekStart).toBe('2027-03-08');
    expect(body.weeks[0]?.shops.map((s) => s.providerCode)).toEqual(['gamma1']);
    expect(JSON.stringify(body)).not.toContain(person(0));
  });

  it('refuses a provider outside the programme, and an unknown programme', async () => {
    const outside = await ask(library, {});
    expect(outside.status).toBe(403);
    expect(outside.body.error?.code).toBe('ANALYTICS_NOT_ALLOWED');
    const unknown = await ask(shop, { programmeCode: 'A-P999' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('PROGRAMME_NOT_FOUND');
    const tooMany = await ask(shop, { weeks: 54 });
    expect(tooMany.status).toBe(400);
  });
});
