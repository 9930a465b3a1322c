import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExpiryRule, expiresOn, formatExpiryRule } from '../../core/points/expiry';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';

/**
 * The expiry rule is written twice: core/points/expiry.ts (the reference, and what the model test
 * predicts with) and point_expires_on in the database (what an award stores). They must agree on
 * every day and every rule, month ends and leap years included.
 */
const dayArb = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const ruleArb: fc.Arbitrary<ExpiryRule> = fc.oneof(
  fc.constant<ExpiryRule>({ kind: 'fiscalYearEnd' }),
  fc.integer({ min: 1, max: 120 }).map<ExpiryRule>((months) => ({ kind: 'monthsAfter', months })),
);

describe.each(databaseKinds())('point_expires_on on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('gives the day core/points/expiry.ts gives, for any day and rule', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, ruleArb, async (day, rule) => {
        const [row] = await db.query<{ on: string }>(
          'SELECT point_expires_on($1, $2::date)::text AS on',
          [formatExpiryRule(rule), day],
        );
        expect(row?.on).toBe(expiresOn(day, rule));
      }),
      { numRuns: 300 },
    );
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
