import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ShopAnalytics } from '../../core/api/shop-analytics';
import { analyticsCsv } from '../../core/points/analytics-csv';
import { addDays } from '../../core/points/japan-day';
import { LOOKBACK_WEEKS } from '../../core/points/retention';
import { MIN_PEOPLE } from '../../core/points/shop-analytics';
import { countShopWeeks } from '../../platform/domain/points/shop-weeks';
import { databaseKinds } from '../support/databases';
import { platformSuite } from '../support/platform-suite';

/**
 * 顧客分析 over the API: the demo's ○○商店街ポイント (A-P002, owned by a1) with a second shop,
 * gamma1. A week with 12 customers at a1 and 4 at gamma1 (three of them a1's too): gamma1's
 * terminal sees its own row, suppressed, and the street's, suppressed too (street − a1 would be
 * about the one person who used only gamma1); a1's terminal, the association's, sees every shop; a library sees nothing.
 * Two earlier weeks are about points: in the week of 2027-02-15, 10 customers at a1 of whom one
 * redeemed 37 points; in the week of 2027-02-01, 15 customers at each shop of whom 9 redeemed.
 */
const STREET = 'A-P002';
type Answer = ShopAnalytics & { error?: { code: string } };

/** The shops of the random weeks: the two of the demo and two more added here. */
const SHOPS = ['a1', 'gamma1', 'x1', 'x2'];
const POOL = 40;

/** One shop's random week: its customers (from a pool of 40), how many of them redeemed, and how
 * many of those redeemers were given nothing that week (they had points from the week before). */
const shopWeekArb = fc.record({
  customers: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 25 })),
  redeemers: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 25 })),
  redeemOnly: fc.integer({ min: 0, max: 4 }),
  members: fc.shuffledSubarray(
    Array.from({ length: POOL }, (_, i) => i),
    { minLength: 25, maxLength: 25 },
  ),
  yen: fc.array(fc.integer({ min: 1000, max: 3000 }), { minLength: 25, maxLength: 25 }),
  redeemed: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 25, maxLength: 25 }),
});
const weekArb = fc.array(shopWeekArb, { minLength: SHOPS.length, maxLength: SHOPS.length });
type Visit = { shop: number; who: number; awarded: number; redeemed: number };

/** A random week's visits: who was given what and who redeemed what, at which shop. */
function visitsOf(week: typeof weekArb extends fc.Arbitrary<infer T> ? T : never): Visit[] {
  return week.flatMap((shop, index) =>
    shop.members.slice(0, shop.customers).map((who, j) => {
      const redeems = j < shop.redeemers;
      return {
        shop: index,
        who,
        awarded: redeems && j < shop.redeemOnly ? 0 : Math.floor((shop.yen[j] ?? 1000) / 100),
        redeemed: redeems ? (shop.redeemed[j] ?? 1) : 0,
      };
    }),
  );
}

/** point_week_counts as the core's rules read it (core/points/shop-analytics.ts), from the visits. */
function expectedCounts(visits: readonly Visit[]) {
  const kinds = {
    customers: (_: Visit) => true,
    award: (v: Visit) => v.awarded > 0,
    redeem: (v: Visit) => v.redeemed > 0,
  };
  const people = (kind: keyof typeof kinds, shops: readonly number[]) =>
    new Set(visits.filter((v) => shops.includes(v.shop) && kinds[kind](v)).map((v) => v.who)).size;
  const all = SHOPS.map((_, i) => i);
  const small = (kind: keyof typeof kinds) => all.filter((s) => people(kind, [s]) < MIN_PEOPLE);
  const shopsOf = (who: number) => new Set(visits.filter((v) => v.who === who).map((v) => v.shop));
  const row = (shop: number) => {
    const here = shop === -1 ? all : [shop];
    const mine = visits.filter((v) => here.includes(v.shop));
    const elsewhere = (kind: keyof typeof kinds) =>
      people(
        kind,
        small(kind).filter((s) => s !== shop),
      );
    return {
      provider_code: shop === -1 ? '' : SHOPS[shop],
      customers: people('customers', here),
      other_shop_customers: [...new Set(mine.map((v) => v.who))].filter((w) => shopsOf(w).size > 1)
        .length,
      points_awarded: mine.reduce((n, v) => n + v.awarded, 0),
      points_redeemed: mine.reduce((n, v) => n + v.redeemed, 0),
      awarded_people: people('award', here),
      redeemed_people: people('redeem', here),
      small_shop_people: elsewhere('customers'),
      small_award_people: elsewhere('award'),
      small_redeem_people: elsewhere('redeem'),
    };
  };
  return [-1, ...all.filter((s) => people('customers', [s]) > 0)].map(row);
}

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
  const award = (who: number, shopCode: string, day: string, yen = 1000) =>
    platform.db.query(`SELECT point_award($1, $2, $3, $4, NULL, $5::date, NULL)`, [
      STREET,
      shopCode,
      person(who),
      yen,
      day,
    ]);
  const redeem = async (who: number, shopCode: string, day: string, points: number) => {
    const [row] = await platform.db.query<{ answer: { status: string } }>(
      `SELECT point_redeem($1, $2, $3, $4, $5::date, NULL) AS answer`,
      [STREET, shopCode, person(who), points, day],
    );
    expect(row?.answer.status).toBe('applied');
  };

  beforeAll(async () => {
    await platform.db.query(`INSERT INTO point_participants VALUES ($1, 'gamma1', true, true)`, [
      STREET,
    ]);
    for (let i = 0; i < 70; i += 1)
      await platform.db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [
        person(i),
      ]);
    // The week of 2027-02-01: 15 customers at a1 (people 30–44) and 15 at gamma1 (45–59), 9 of
    // whom redeemed at each. Each shop's redeemed points are about 9 people; the street's are
    // about 18, but the association (a1) would take its own true figure away from them and be
    // left with gamma1's 9 redeemers.
    for (let i = 30; i < 60; i += 1) await award(i, i < 45 ? 'a1' : 'gamma1', '2027-02-01');
    for (let i = 30; i < 60; i += 1)
      if ((i - 30) % 15 < 9) await redeem(i, i < 45 ? 'a1' : 'gamma1', '2027-02-02', 3);
    // The week of 2027-02-15: 10 customers at a1 (people 20–29); person 20 redeemed 37 points.
    await award(20, 'a1', '2027-02-16', 5000);
    for (let i = 21; i < 30; i += 1) await award(i, 'a1', '2027-02-16');
    await redeem(20, 'a1', '2027-02-17', 37);
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

  it('hides the points one redeemer among ten customers spent, in the answer and in the CSV', async () => {
    const { body } = await ask(association, {});
    const week = body.weeks.find((w) => w.weekStart === '2027-02-15');
    expect(week?.shops).toEqual([
      {
        providerCode: 'a1',
        providerName: '商店街組合a1',
        customers: 10,
        newCustomers: 10,
        repeatCustomers: 0,
        otherShopCustomers: 0,
        pointsAwarded: 140,
        pointsRedeemed: null,
      },
    ]);
    expect(week?.street).toMatchObject({ customers: 10, pointsAwarded: 140, pointsRedeemed: null });
    const lines = analyticsCsv(body).split('\r\n');
    expect(lines).toContain('2027-02-15,a1,商店街組合a1,10,10,0,0,140,');
    expect(lines).toContain(
      `2027-02-15,,商店街全体 / whole street (${body.programmeName}),10,10,0,0,140,`,
    );
    // a1's own terminal, and gamma1's, see the same: nothing anywhere is the 37.
    for (const terminal of [association, shop]) {
      const seen = (await ask(terminal, {})).body;
      const cells = seen.weeks.flatMap((w) => [w.street, ...w.shops]).map((r) => r.pointsRedeemed);
      expect(cells).not.toContain(37);
    }
  });

  it('hides the street’s redeemed points when the association could take its own away', async () => {
    const { body } = await ask(association, {});
    const week = body.weeks.find((w) => w.weekStart === '2027-02-01');
    expect(week?.shops).toMatchObject([
      { providerCode: 'a1', customers: 15, pointsAwarded: 150, pointsRedeemed: null },
      { providerCode: 'gamma1', customers: 15, pointsAwarded: 150, pointsRedeemed: null },
    ]);
    // 18 people redeemed on the street, but 54 − a1's own 27 would be gamma1's 9 redeemers' 27.
    expect(week?.street).toMatchObject({ customers: 30, pointsAwarded: 300, pointsRedeemed: null });
  });

  it('counts random weeks on the database as the core’s rules read them', async () => {
    for (const code of ['x1', 'x2']) {
      await platform.db.query(`INSERT INTO providers VALUES ($1, 'A', $1)`, [code]);
      await platform.db.query(`INSERT INTO point_participants VALUES ($1, $2, true, true)`, [
        STREET,
        code,
      ]);
    }
    const who = (i: number) => person(100 + i);
    for (let i = 0; i < POOL; i += 1)
      await platform.db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [who(i)]);
    const weeks = fc.sample(weekArb, { numRuns: 8, seed: 26 });
    const reached = { rows: 0, smallAward: 0, smallRedeem: 0, smallShop: 0, differing: 0 };
    for (const [n, week] of weeks.entries()) {
      // Two weeks apart, in 2026: far from the weeks above, and no week's visits in another's.
      const monday = addDays('2026-01-05', 14 * n);
      const visits = visitsOf(week);
      for (const v of visits) {
        const shop = SHOPS[v.shop] as string;
        // A redeemer given nothing this week was given points at the shop the week before.
        const yen = v.awarded === 0 ? 1000 : v.awarded * 100;
        const day = v.awarded === 0 ? addDays(monday, -3) : monday;
        await platform.db.query(`SELECT point_award($1, $2, $3, $4, NULL, $5::date, NULL)`, [
          STREET,
          shop,
          who(v.who),
          yen,
          day,
        ]);
      }
      for (const v of visits.filter((x) => x.redeemed > 0))
        await redeem(100 + v.who, SHOPS[v.shop] as string, addDays(monday, 1), v.redeemed);
      const counted = await platform.db.query<Record<string, unknown>>(
        'SELECT * FROM point_week_counts($1, $2::date, $3, $4) ORDER BY provider_code',
        [STREET, monday, LOOKBACK_WEEKS, MIN_PEOPLE],
      );
      const expected = expectedCounts(visits).sort((a, b) =>
        String(a.provider_code) < String(b.provider_code) ? -1 : 1,
      );
      expect(
        counted.map(({ repeat_customers: _, ...row }) => ({
          ...row,
          points_awarded: Number(row.points_awarded),
          points_redeemed: Number(row.points_redeemed),
        })),
        `week of ${monday}`,
      ).toEqual(expected);
      reached.rows += expected.length;
      const shopRows = expected.filter((r) => r.provider_code !== '');
      reached.smallAward += shopRows.filter((r) => r.small_award_people > 0).length;
      reached.smallRedeem += shopRows.filter((r) => r.small_redeem_people > 0).length;
      reached.smallShop += shopRows.filter((r) => r.small_shop_people > 0).length;
      // "Other than this one": shops of one week that see different numbers of such people.
      if (new Set(shopRows.map((r) => r.small_redeem_people)).size > 1) reached.differing += 1;
    }
    expect(reached.rows).toBeGreaterThanOrEqual(30);
    expect(reached.smallAward).toBeGreaterThanOrEqual(5);
    expect(reached.smallRedeem).toBeGreaterThanOrEqual(5);
    expect(reached.smallShop).toBeGreaterThanOrEqual(5);
    expect(reached.differing).toBeGreaterThanOrEqual(3);
  }, 120_000);

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
