import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_PEOPLE,
  type PublishedWeekRow,
  publishWeek,
  type StreetCounts,
  type WeekCounts,
} from './shop-analytics';

/**
 * The promise, written out rather than imported: MIN_PEOPLE set to 9 must fail these tests.
 * MIN_PEOPLE is used below only where the SQL is handed it (which shops count as small).
 */
const TEN = 10;

/** One visit: the shop, whether the person had been there before, the points (0: none). */
interface Visit {
  shop: number;
  returning: boolean;
  awarded: number;
  redeemed: number;
}

/** One person's week on a street: the shops they used, and whether they had been before. */
interface Person {
  visits: Visit[];
  returningToStreet: boolean;
}

const SHOPS = ['s0', 's1', 's2', 's3', 's4', 's5'];
const RUNS = 2000;
/** Each property must reach its real check in at least this many of its RUNS runs (30%). */
const REACHED = 600;

/** The most customers a shop has in a generated week. */
const MAX_SHOP = 40;

const visitArb = fc.record({
  returning: fc.boolean(),
  awarded: fc.integer({ min: 1, max: 500 }),
  redeemed: fc.integer({ min: 1, max: 500 }),
  /** Below the shop's rate: a redeemer who was given nothing that day. */
  redeemOnly: fc.integer({ min: 0, max: 99 }),
});

/**
 * How many of a week's shops are quiet: none, one or two (the street's row must go: subtracting
 * the shown shops leaves them), or three or four (it may stay, if no subtraction leaves a few).
 */
const fewShops = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 }) },
  { weight: 6, arbitrary: fc.integer({ min: 3, max: 4 }) },
);

/**
 * One shop's week: quiet (1 to 9 customers, mostly 5 to 9) or not (closed, or 10 to 40), its
 * customers drawn from the week's people (so shops share customers, and in a small week one shop
 * may have nearly everyone); few redeemers (1 to 9) or not (none, or ten and more).
 */
const shopArb = (pool: number, quiet: boolean, fewRedeemers: boolean) =>
  fc.record({
    customers: quiet
      ? fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 5, max: 9 }) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) },
        )
      : fc.oneof(
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 6, arbitrary: fc.integer({ min: 10, max: MAX_SHOP }) },
        ),
    redeemers: fewRedeemers
      ? fc.integer({ min: 1, max: 9 })
      : fc.oneof(fc.constant(0), fc.integer({ min: 10, max: MAX_SHOP })),
    redeemOnlyRate: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
    members: fc.shuffledSubarray(
      Array.from({ length: pool }, (_, i) => i),
      { minLength: MAX_SHOP, maxLength: MAX_SHOP },
    ),
    visits: fc.array(visitArb, { minLength: MAX_SHOP, maxLength: MAX_SHOP, size: 'max' }),
  });

/** A week on the street: 40 to 100 possible people, and each shop's customers among them. */
const weekArb: fc.Arbitrary<Person[]> = fc
  .record({ pool: fc.integer({ min: MAX_SHOP, max: 100 }), quiet: fewShops, fewRedeem: fewShops })
  .chain(({ pool, quiet, fewRedeem }) =>
    fc.record({
      // Quiet shops first, few-redeemer shops last: they overlap in some weeks and not in others.
      shops: fc.tuple(
        ...SHOPS.map((_, i) => shopArb(pool, i < quiet, i >= SHOPS.length - fewRedeem)),
      ),
      before: fc.array(fc.boolean(), { minLength: pool, maxLength: pool, size: 'max' }),
    }),
  )
  .map(({ shops, before }) => {
    const visits = new Map<number, Visit[]>();
    shops.forEach((shop, index) => {
      shop.members.slice(0, shop.customers).forEach((who, j) => {
        const v = shop.visits[j] as (typeof shop.visits)[number];
        const redeems = j < shop.redeemers;
        visits.set(who, [
          ...(visits.get(who) ?? []),
          {
            shop: index,
            returning: v.returning,
            awarded: redeems && v.redeemOnly < shop.redeemOnlyRate ? 0 : v.awarded,
            redeemed: redeems ? v.redeemed : 0,
          },
        ]);
      });
    });
    return [...visits].map(([who, mine]) => ({
      visits: mine,
      returningToStreet: (before[who] ?? false) || mine.some((v) => v.returning),
    }));
  });

type Kind = 'customers' | 'awarded' | 'redeemed';
const KINDS: readonly Kind[] = ['customers', 'awarded', 'redeemed'];

/** Whether a visit makes its person one of the people of a kind at that shop. */
const counts = (kind: Kind, v: Visit) =>
  kind === 'customers' ? true : kind === 'awarded' ? v.awarded > 0 : v.redeemed > 0;

/** The people of a kind at any of the given shops. */
const peopleAt = (people: readonly Person[], kind: Kind, shops: readonly number[]) =>
  people.filter((p) => p.visits.some((v) => shops.includes(v.shop) && counts(kind, v)));

const ALL = SHOPS.map((_, i) => i);
const others = (shop: number) => ALL.filter((s) => s !== shop);

/** The week's raw counts from the people, as point_week_counts gives them (-1: the street). */
function countWeek(people: readonly Person[]): { street: StreetCounts; shops: WeekCounts[] } {
  const at = (kind: Kind, shops: readonly number[]) => peopleAt(people, kind, shops).length;
  const quiet = new Map(KINDS.map((k) => [k, ALL.filter((s) => at(k, [s]) < MIN_PEOPLE)]));
  const smallShops = (kind: Kind) => quiet.get(kind) ?? [];
  const row = (shop: number): WeekCounts => {
    const here = shop === -1 ? ALL : [shop];
    const visits = people.flatMap((p) => p.visits.filter((v) => here.includes(v.shop)));
    const smallElsewhere = (kind: Kind) =>
      at(
        kind,
        smallShops(kind).filter((s) => s !== shop),
      );
    return {
      providerCode: shop === -1 ? '' : (SHOPS[shop] as string),
      customers: at('customers', here),
      repeatCustomers:
        shop === -1
          ? people.filter((p) => p.returningToStreet).length
          : visits.filter((v) => v.returning).length,
      otherShopCustomers: peopleAt(people, 'customers', here).filter((p) => p.visits.length > 1)
        .length,
      pointsAwarded: visits.reduce((n, v) => n + v.awarded, 0),
      pointsRedeemed: visits.reduce((n, v) => n + v.redeemed, 0),
      awardedPeople: at('awarded', here),
      redeemedPeople: at('redeemed', here),
      smallShopPeople: smallElsewhere('customers'),
      smallAwardPeople: smallElsewhere('awarded'),
      smallRedeemPeople: smallElsewhere('redeemed'),
    };
  };
  return {
    street: row(-1),
    shops: ALL.filter((s) => at('customers', [s]) > 0).map(row),
  };
}

/** A group of people that a reader may learn a figure about: none, or at least ten. */
const safeGroup = (people: number) => people === 0 || people >= TEN;
const small = (people: number) => !safeGroup(people);

/** The published cell of a kind, and the true figure behind it. */
const cellOf = (row: PublishedWeekRow, kind: Kind) =>
  kind === 'customers'
    ? row.customers
    : kind === 'awarded'
      ? row.pointsAwarded
      : row.pointsRedeemed;
const trueFigure = (people: readonly Person[], kind: Kind, shops: readonly number[]) =>
  kind === 'customers'
    ? peopleAt(people, kind, shops).length
    : people
        .flatMap((p) => p.visits.filter((v) => shops.includes(v.shop)))
        .reduce((n, v) => n + (kind === 'awarded' ? v.awarded : v.redeemed), 0);

/** Runs a property RUNS times and returns how often each named situation was reached. */
function check(property: (people: Person[], reached: (what: string) => void) => void) {
  const reached = new Map<string, number>();
  fc.assert(
    fc.property(weekArb, (people) => {
      const seen = new Set<string>();
      property(people, (what) => seen.add(what));
      for (const what of seen) reached.set(what, (reached.get(what) ?? 0) + 1);
    }),
    { numRuns: RUNS },
  );
  return (what: string) => reached.get(what) ?? 0;
}

describe('shop analytics publish nothing about fewer than ten people', () => {
  it('no shown cell rests on 1 to 9 people, points included, and no difference within a row does', () => {
    const reached = check((people, reach) => {
      const { street, shops } = countWeek(people);
      for (const row of publishWeek(street, shops)) {
        const here = row.providerCode === '' ? ALL : [SHOPS.indexOf(row.providerCode)];
        const customers = peopleAt(people, 'customers', here);
        const returning =
          row.providerCode === ''
            ? customers.filter((p) => p.returningToStreet)
            : customers.filter((p) => p.visits.some((v) => here.includes(v.shop) && v.returning));
        const multi = customers.filter((p) => p.visits.length > 1);
        // Each shown cell is the true figure, about a group of none or at least ten.
        const groups: [number | null, number, number][] = [
          [row.customers, customers.length, customers.length],
          [
            row.newCustomers,
            customers.length - returning.length,
            customers.length - returning.length,
          ],
          [row.repeatCustomers, returning.length, returning.length],
          [row.otherShopCustomers, multi.length, multi.length],
          [
            row.pointsAwarded,
            trueFigure(people, 'awarded', here),
            peopleAt(people, 'awarded', here).length,
          ],
          [
            row.pointsRedeemed,
            trueFigure(people, 'redeemed', here),
            peopleAt(people, 'redeemed', here).length,
          ],
        ];
        for (const [shown, figure, about] of groups)
          if (shown !== null) {
            expect(shown).toBe(figure);
            expect(safeGroup(about), `${row.providerCode}: a cell about ${about}`).toBe(true);
          }
        // Within a row: customers less new, less repeat, less "also another shop".
        if (row.customers !== null) {
          if (row.providerCode !== '') reach('a shop row shown');
          if (row.otherShopCustomers !== null)
            expect(safeGroup(customers.length - multi.length)).toBe(true);
          if (row.newCustomers !== null || row.repeatCustomers !== null)
            expect(
              safeGroup(returning.length) && safeGroup(customers.length - returning.length),
            ).toBe(true);
          const redeemers = peopleAt(people, 'redeemed', here).length;
          if (row.pointsRedeemed === null && redeemers > 0) reach('shown row, redeemed hidden');
          if (
            row.otherShopCustomers === null &&
            multi.length > 0 &&
            multi.length < customers.length
          )
            reach('shown row, also another shop hidden');
        }
      }
    });
    expect(reached('a shop row shown')).toBeGreaterThanOrEqual(REACHED);
    // The situations the rules are for, each met often: a shown shop with a few redeemers, and a
    // shown shop whose "also another shop" would be about a few.
    expect(reached('shown row, redeemed hidden')).toBeGreaterThanOrEqual(300);
    expect(reached('shown row, also another shop hidden')).toBeGreaterThanOrEqual(300);
  }, 60_000);

  it('the association cannot subtract the shown shops from the street, nor its own shop as well', () => {
    const reached = check((people, reach) => {
      const { street, shops } = countWeek(people);
      const [streetRow, ...shopRows] = publishWeek(street, shops) as [
        PublishedWeekRow,
        ...PublishedWeekRow[],
      ];
      const shown = (shop: number, kind: Kind) => {
        const row = shopRows.find((r) => r.providerCode === SHOPS[shop]);
        return row === undefined ? null : cellOf(row, kind);
      };
      for (const kind of KINDS) {
        // The weeks the rules are for, whatever is published: quiet shops of this kind whose people
        // are few, or are ten and more but few once one of those shops takes its own away.
        const quiet = ALL.filter((s) => small(peopleAt(people, kind, [s]).length));
        if (small(peopleAt(people, kind, quiet).length)) reach(`few ${kind} at quiet shops`);
        else if (
          quiet.some((own) =>
            small(
              peopleAt(
                people,
                kind,
                quiet.filter((s) => s !== own),
              ).length,
            ),
          )
        )
          reach(`few ${kind} at the other quiet shops`);
        const streetCell = cellOf(streetRow, kind);
        if (streetCell === null) continue;
        // A shop with no row (no customers) counts as hidden: its figures are in the street's.
        const hidden = ALL.filter((s) => shown(s, kind) === null);
        if (kind !== 'customers') {
          // Points add up: street − Σ shown shops is exactly the hidden shops' points.
          const shownSum = ALL.reduce((n, s) => n + (shown(s, kind) ?? 0), 0);
          expect(streetCell - shownSum).toBe(trueFigure(people, kind, hidden));
        }
        const about = peopleAt(people, kind, hidden).length;
        if (about > 0) reach('street shown, someone at a hidden shop');
        if (about > 0) reach(`street ${kind} shown, someone at a hidden shop`);
        expect(safeGroup(about), `${kind}: street − shown shops about ${about}`).toBe(true);
        // The association may be a hidden shop itself: it can take away its own true figures too.
        for (const own of hidden) {
          const rest = peopleAt(
            people,
            kind,
            hidden.filter((s) => s !== own),
          ).length;
          expect(safeGroup(rest), `${kind}: street − shown − own ${SHOPS[own]} about ${rest}`).toBe(
            true,
          );
        }
      }
    });
    expect(reached('street shown, someone at a hidden shop')).toBeGreaterThanOrEqual(REACHED);
    for (const kind of KINDS)
      expect(
        reached(`street ${kind} shown, someone at a hidden shop`),
        kind,
      ).toBeGreaterThanOrEqual(300);
    for (const kind of KINDS) {
      expect(reached(`few ${kind} at quiet shops`), kind).toBeGreaterThanOrEqual(200);
      expect(reached(`few ${kind} at the other quiet shops`), kind).toBeGreaterThanOrEqual(200);
    }
  }, 60_000);

  it('a shop that knows its own figures cannot subtract them from the street’s to learn about a few others', () => {
    const reached = check((people, reach) => {
      const { street, shops } = countWeek(people);
      const [streetRow] = publishWeek(street, shops) as [PublishedWeekRow];
      for (const shop of ALL) {
        // The week the rule is for, whatever is published: a shop nearly everyone used.
        if (small(people.filter((p) => !p.visits.some((v) => v.shop === shop)).length))
          reach('a shop not used by 1 to 9 people');
        if (streetRow.customers !== null) {
          reach('street customers shown');
          // street customers − own customers: the street's people who did not come to this shop.
          const notHere = people.filter((p) => !p.visits.some((v) => v.shop === shop));
          expect(streetRow.customers).toBe(
            peopleAt(people, 'customers', [shop]).length + notHere.length,
          );
          expect(safeGroup(notHere.length), `not at ${SHOPS[shop]}`).toBe(true);
          // street's other counts − own: about the people who used other shops.
          const elsewhere = peopleAt(people, 'customers', others(shop)).length;
          expect(safeGroup(elsewhere), `customers elsewhere than ${SHOPS[shop]}`).toBe(true);
        }
        for (const kind of ['awarded', 'redeemed'] as const) {
          const streetCell = cellOf(streetRow, kind);
          if (streetCell === null) continue;
          reach(`street ${kind} shown`);
          // street points − own points: exactly what the people of the other shops were given or spent.
          expect(streetCell - trueFigure(people, kind, [shop])).toBe(
            trueFigure(people, kind, others(shop)),
          );
          const about = peopleAt(people, kind, others(shop)).length;
          expect(safeGroup(about), `${kind} elsewhere than ${SHOPS[shop]}: ${about}`).toBe(true);
        }
      }
    });
    expect(reached('street customers shown')).toBeGreaterThanOrEqual(REACHED);
    expect(reached('a shop not used by 1 to 9 people')).toBeGreaterThanOrEqual(200);
    expect(reached('street awarded shown')).toBeGreaterThanOrEqual(REACHED);
    expect(reached('street redeemed shown')).toBeGreaterThanOrEqual(300);
  }, 60_000);

  const regular = (shop: number, returning: boolean, redeemed = 0): Person => ({
    visits: [{ shop, returning, awarded: 10, redeemed }],
    returningToStreet: returning,
  });

  it('shows a busy week in full, and hides a quiet shop and the split that would reveal one person', () => {
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
      pointsRedeemed: 0,
    });
    expect(row('s3')).toMatchObject({ customers: 12, newCustomers: 0, repeatCustomers: 12 });
    expect(row('')).toMatchObject({ customers: 73, pointsAwarded: 730, pointsRedeemed: 0 });

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

  it('hides the points one redeemer spent among ten customers, at the shop and on the street', () => {
    // s0: 10 customers, one of whom redeemed 37 points; s1: 30 customers, 12 of whom redeemed 5.
    const people = [
      ...Array.from({ length: 10 }, (_, i) => regular(0, false, i === 0 ? 37 : 0)),
      ...Array.from({ length: 30 }, (_, i) => regular(1, false, i < 12 ? 5 : 0)),
    ];
    const { street, shops } = countWeek(people);
    const [streetRow, s0, s1] = publishWeek(street, shops);
    expect(s0).toMatchObject({ customers: 10, pointsAwarded: 100, pointsRedeemed: null });
    expect(s1).toMatchObject({ customers: 30, pointsAwarded: 300, pointsRedeemed: 60 });
    // The street's 97 less s1's 60 would be the one redeemer's 37.
    expect(streetRow).toMatchObject({ customers: 40, pointsAwarded: 400, pointsRedeemed: null });
  });

  it('hides the street’s points when the association, a quiet shop itself, could take its own away', () => {
    // s0 (the association, say) and s1 each had 6 redeemers, s2 30: street − s2 is about 12 people,
    // but street − s2 − s0's own true figure is s1's 6 redeemers.
    const people = [
      ...Array.from({ length: 15 }, (_, i) => regular(0, false, i < 6 ? 4 : 0)),
      ...Array.from({ length: 15 }, (_, i) => regular(1, false, i < 6 ? 9 : 0)),
      ...Array.from({ length: 30 }, () => regular(2, false, 2)),
    ];
    const { street, shops } = countWeek(people);
    const [streetRow, s0, s1, s2] = publishWeek(street, shops);
    expect(s0?.pointsRedeemed).toBeNull();
    expect(s1?.pointsRedeemed).toBeNull();
    expect(s2?.pointsRedeemed).toBe(60);
    expect(streetRow).toMatchObject({ customers: 60, pointsAwarded: 600, pointsRedeemed: null });
  });
});
