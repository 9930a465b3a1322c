import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExpiryRule, expiresOn, formatExpiryRule } from '../../core/points/expiry';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { reached } from '../support/reach';

/**
 * The expiry rule is written twice: core/points/expiry.ts (the reference, and what the model test
 * predicts with) and point_expires_on in the database (what an award stores). They must agree on
 * every day and every rule, month ends and leap years included.
 */
const RUNS = 600;
/** Any day of the century, and as often the days where rules go wrong: month ends, leap days. */
const dayArb = fc.oneof(
  fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .record({
      year: fc.integer({ min: 2000, max: 2099 }),
      month: fc.integer({ min: 1, max: 12 }),
      fromEnd: fc.integer({ min: 0, max: 1 }),
    })
    .map(({ year, month, fromEnd }) =>
      new Date(Date.UTC(year, month, -fromEnd)).toISOString().slice(0, 10),
    ),
);
const ruleArb: fc.Arbitrary<ExpiryRule> = fc.oneof(
  fc.constant<ExpiryRule>({ kind: 'fiscalYearEnd' }),
  fc.integer({ min: 1, max: 120 }).map<ExpiryRule>((months) => ({ kind: 'monthsAfter', months })),
);

/** Awards whose months:N points end on a leap day: some day of the month N months before. */
const leapCaseArb = fc
  .record({
    leapYear: fc.integer({ min: 501, max: 524 }).map((n) => n * 4),
    months: fc.integer({ min: 1, max: 120 }),
    dayOfMonth: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ leapYear, months, dayOfMonth }): [string, ExpiryRule] => [
    new Date(Date.UTC(leapYear, 1 - months, dayOfMonth)).toISOString().slice(0, 10),
    { kind: 'monthsAfter', months },
  ]);
const caseArb = fc.oneof(fc.tuple(dayArb, ruleArb), leapCaseArb);

/** Whether a day is the last of its month. */
const isMonthEnd = (day: string) =>
  new Date(`${day}T00:00:00Z`).getUTCMonth() !== new Date(`${day}T24:00:00Z`).getUTCMonth();

describe.each(databaseKinds())('point_expires_on on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('gives the day core/points/expiry.ts gives, for any day and rule', async () => {
    // The comparison ran every time, and often on the days that matter.
    const reach = reached({
      all: RUNS,
      fromMonthEnd: 40,
      toLeapDay: 200,
      fiscalYear: 80,
      fromMarch: 6,
    });
    await fc.assert(
      fc.asyncProperty(caseArb, async ([day, rule]) => {
        const [row] = await db.query<{ on: string }>(
          'SELECT point_expires_on($1, $2::date)::text AS on',
          [formatExpiryRule(rule), day],
        );
        expect(row?.on).toBe(expiresOn(day, rule));
        reach.hit('all');
        if (isMonthEnd(day)) reach.hit('fromMonthEnd');
        if (row?.on.endsWith('-02-29')) reach.hit('toLeapDay');
        if (rule.kind === 'fiscalYearEnd') reach.hit('fiscalYear');
        if (rule.kind === 'fiscalYearEnd' && /-0[34]-/.test(day)) reach.hit('fromMarch');
      }),
      { numRuns: RUNS },
    );
    reach.check();
  });

  it('ends a month on its last day: 31 January + 1 month is 28 or 29 February', async () => {
    const [row] = await db.query<{ a: string; b: string; c: string }>(
      `SELECT point_expires_on('months:1', '2027-01-31')::text AS a,
         point_expires_on('months:1', '2028-01-15')::text AS b,
         point_expires_on('fiscal-year-end', '2027-04-01')::text AS c`,
    );
    expect(row).toEqual({ a: '2027-02-28', b: '2028-02-29', c: '2028-03-31' });
  });
});
