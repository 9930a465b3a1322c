import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_PEOPLE,
  type PublishedWeekRow,
  publishWeek,
  type StreetCounts,
  type WeekCounts,
} from './shop-analytics';

/** One person's week on a street: the shops they used, and where they had been before. */
interface Person {
  visits: { shop: number; returning: boolean; awarded: number; redeemed: number }[];
  returningToStreet: boolean;
}

const SHOPS = ['s0', 's1', 's2', 's3'];

const personArb: fc.Arbitrary<Person> = fc
  .record({
    // Busy and quiet shops: s0 sees most people, s3 few, so small rows happen often.
    shops: fc.uniqueArray(
      fc.nat(15).map((n) => (n < 8 ? 0 : n < 12 ? 1 : n < 15 ? 2 : 3)),
      { minLength: 1, maxLength: 3 },
    ),
    returning: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    points: fc.array(fc.nat(500), { minLength: 6, maxLength: 6 }),
    before: fc.boolean(),
  })
  .map(({ shops, returning, points, before }) => {
    const visits = shops.map((shop, i) => ({
      shop,
      returning: returning[i] ?? false,
      awarded: points[2 * i] ?? 0,
      redeemed: points[2 * i + 1] ?? 0,
    }));
    return { visits, returningToStreet: before || visits.some((v) => v.returning) };
  });

/** The week's raw counts from the people, as point_week_counts gives them. */
function countWeek(people: readonly Person[]): { street: StreetCounts; shops: WeekCounts[] } {
  const shops: WeekCounts[] = [];
  SHOPS.forEach((providerCode, shop) => {
    const here = people.filter((p) => p.visits.some((v) => v.shop === shop));
    if (here.length === 0) return;
    const visits = here.flatMap((p) => p.visits.filter((v) => v.shop === shop));
    shops.push({
      providerCode,
      customers: here.length,
      repeatCustomers: visits.filter((v) => v.returning).length,
      otherShopCustomers: here.filter((p) => p.visits.length > 1).length,
      pointsAwarded: visits.reduce((n, v) => n + v.awarded, 0),
      pointsRedeemed: visits.reduce((n, v) => n + v.redeemed, 0),
    });
  });
  const smallShops = new Set(
    shops.filter((s) => s.customers < MIN_PEOPLE).map((s) => SHOPS.indexOf(s.providerCode)),
  );
  const all = people.flatMap((p) => p.visits);
  return {
    street: {
      providerCode: '',
      customers: people.length,
      repeatCustomers: people.filter((p) => p.returningToStreet).length,
      otherShopCustomers: people.filter((p) => p.visits.length > 1).length,
      pointsAwarded: all.reduce((n, v) => n + v.awarded, 0),
      pointsRedeemed: all.reduce((n, v) => n + v.redeemed, 0),
      smallShopPeople: people.filter((p) => p.visits.some((v) => smallShops.has(v.shop))).length,
    },
    shops,
  };
}

/** A group of people that a reader may learn a figure about: none, or at least ten. */
const safeGroup = (people: number) => people === 0 || people >= MIN_PEOPLE;

const COUNT_CELLS = ['customers', 'newCustomers', 'repeatCustomers', 'otherShopCustomers'] as const;

describe('shop analytics publish nothing about fewer than ten people', () => {
  it('no shown count is 1 to 9, and no difference within a row is either', () => {
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 60 }), (people) => {
        const { street, shops } = countWeek(people);
        for (const row of publishWeek(street, shops)) {
          for (const cell of COUNT_CELLS) {
            const value = row[cell];
            if (value !== null) expect(safeGroup(value), `${row.providerCode} ${cell}`).toBe(true);
          }
          if (row.customers !== null && row.newCustomers !== null)
            expect(safeGroup(row.customers - row.newCustomers)).toBe(true);
          if (row.customers !== null && row.repeatCustomers !== null)
            expect(safeGroup(row.customers - row.repeatCustomers)).toBe(true);
          if (row.customers !== null && row.otherShopCustomers !== null)
            expect(safeGroup(row.customers - row.otherShopCustomers)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the association cannot subtract the shown shops from the street to learn the hidden ones', () => {
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 60 }), (people) => {
        const { street, shops } = countWeek(people);
        const [streetRow, ...shopRows] = publishWeek(street, shops);
        if (streetRow?.pointsAwarded === null || streetRow?.pointsAwarded === undefined) return;
        const hidden = shopRows
          .filter((row) => row.customers === null)
          .map((row) => SHOPS.indexOf(row.providerCode));
        // street − Σ shown shops = Σ hidden shops, a figure about the hidden shops' customers.
        const shown = shopRows.reduce((n, row) => n + (row.pointsAwarded ?? 0), 0);
        expect(streetRow.pointsAwarded - shown).toBe(
          shops
            .filter((s) => hidden.includes(SHOPS.indexOf(s.providerCode)))
            .reduce((n, s) => n + s.pointsAwarded, 0),
        );
        const about = people.filter((p) => p.visits.some((v) => hidden.includes(v.shop)));
        expect(safeGroup(about.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a shop that knows its own figures cannot subtract them from the street’s to learn about a few others', () => {
    fc.assert(
      fc.property(fc.array(personArb, { maxLength: 60 }), (people) => {
        const { street, shops } = countWeek(people);
        const [streetRow] = publishWeek(street, shops);
        if (streetRow?.customers === null || streetRow?.customers === undefined) return;
        SHOPS.forEach((_, shop) => {
          const own = people.filter((p) => p.visits.some((v) => v.shop === shop));
          // street customers − own customers: the street's people who did not come to this shop.
          const notHere = people.filter((p) => !p.visits.some((v) => v.shop === shop));
          expect(streetRow.customers).toBe(own.length + notHere.length);
          expect(safeGroup(notHere.length)).toBe(true);
          // street points − own points: what the people who used other shops did there.
          const elsewhere = people.filter((p) => p.visits.some((v) => v.shop !== shop));
          expect(safeGroup(elsewhere.length)).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('shows a busy week in full, and hides a quiet shop and the split that would reveal one person', () => {
    const regular = (shop: number, returning: boolean): Person => ({
      visits: [{ shop, returning, awarded: 10, redeemed: 0 }],
      returningToStreet: returning,
    });
    const people = [
      ...Array.from({ length: 20 }, (_, i) => regular(0, i < 12)),
      ...Array.from({ length: 11 }, (_, i) => regular(1, i < 10)),
      ...Array.from({ length: 30 }, (_, i) => regular(2, i % 2 === 0)),
      ...Array.from({ length: 12 }, () => regular(3, true)),
    ];
    const { street, shops } = countWeek(people);
    const rows = publishWeek(street, shops);
    const row = (code: string) => rows.find((r) => r.providerCode === code) as PublishedWeekRow;
    expect(row('s0')).toMatchObject({ customers: 20, newCustomers: null, repeatCustomers: null });
    expect(row('s1')).toMatchObject({ customers: 11, newCustomers: null, repeatCustomers: null });
    expect(row('s2')).toMatchObject({
      customers: 30,
      newCustomers: 15,
      repeatCustomers: 15,
      otherShopCustomers: 0,
      pointsAwarded: 300,
    });
    expect(row('s3')).toMatchObject({ customers: 12, newCustomers: 0, repeatCustomers: 12 });
    expect(row('')).toMatchObject({ customers: 73, pointsAwarded: 730 });

    // Three people at s3 only: its row goes, and so does the street's, or street − shown shops
    // would be those three people's points.
    const quiet = [...people.filter((p) => p.visits[0]?.shop !== 3), ...people.slice(-3)];
    const week = countWeek(quiet);
    const [streetRow, ...shopRows] = publishWeek(week.street, week.shops);
    expect(shopRows.find((r) => r.providerCode === 's3')).toMatchObject({
      customers: null,
      pointsAwarded: null,
    });
    expect(streetRow).toMatchObject({ customers: null, pointsAwarded: null });
  });
});
