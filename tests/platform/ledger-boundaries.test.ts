import { describe, expect, it } from 'vitest';
import { addDays } from '../../core/points/japan-day';
import { STATEMENT_DAYS } from '../../core/points/retention';
import { compactLedger } from '../../platform/domain/points/compaction';
import { expirePoints } from '../../platform/domain/points/expiry';
import { closePeriod } from '../../platform/domain/points/settlement';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { STREET, streetLedger, WHO } from '../support/ledger';

/**
 * The ledger's day boundaries, each pinned on its own last day and the day after (issue 26): a point
 * is usable through its expiry day, a cancel is accepted through the window's last day, a month
 * closes from the day after its last, and compaction keeps a person's entries for the whole
 * retention window (90 days, or the cancel window when longer). Through the database functions
 * the API calls, on both databases.
 */
type Answer = { status: 'applied'; points?: number } | { status: 'rejected'; code: string };

async function ledger(kind: Parameters<typeof openTestDatabase>[0], cancelDays = 30) {
  const db = await openTestDatabase(kind);
  await streetLedger(db, cancelDays);
  const answer = async (sql: string, params: unknown[]) => {
    const [row] = await db.query<{ answer: Answer }>(`SELECT ${sql} AS answer`, params);
    return row?.answer;
  };
  return {
    db,
    award: (yen: number, day: string, key: string) =>
      answer(`point_award($1, 's1', $2, $3, NULL, $4::date, $5)`, [STREET, WHO, yen, day, key]),
    redeem: (points: number, day: string, key: string) =>
      answer(`point_redeem($1, 's1', $2, $3, $4::date, $5)`, [STREET, WHO, points, day, key]),
    cancel: (key: string, day: string) => answer(`point_cancel($1, $2::date)`, [key, day]),
    balance: async (day: string) => {
      const [row] = await db.query<{ balance: number }>(
        `SELECT balance::int FROM point_balances($1, ARRAY[$2], $3::date)`,
        [WHO, STREET, day],
      );
      return row?.balance;
    },
    movements: async () =>
      (
        await db.query<{ key: string }>(
          'SELECT operation_key AS key FROM point_movements WHERE operation_key IS NOT NULL ORDER BY id',
        )
      ).map((m) => m.key),
  };
}

const within = async (db: Database, test: () => Promise<void>) => {
  try {
    await test();
  } finally {
    await db.close();
  }
};

describe.each(databaseKinds())('the ledger’s day boundaries on %s', (kind) => {
  it('a point is usable on its expiry day and expired the day after (months:6 from 10 January: 31 July)', async () => {
    const l = await ledger(kind);
    await within(l.db, async () => {
      expect(await l.award(10_000, '2027-01-10', 'award-a')).toMatchObject({ points: 100 });
      expect(await l.award(5_000, '2027-02-05', 'award-b')).toMatchObject({ points: 50 });
      const lots = await l.db.query<{ expires_on: string }>(
        'SELECT expires_on::text FROM point_lots ORDER BY id',
      );
      expect(lots.map((lot) => lot.expires_on)).toEqual(['2027-07-31', '2027-08-31']);
      // Lot a's last day: spendable (spent first), shown, and not expired by the daily job.
      expect(await l.balance('2027-07-31')).toBe(150);
      expect(await l.redeem(10, '2027-07-31', 'last-day')).toMatchObject({ status: 'applied' });
      expect(await expirePoints(l.db, '2027-07-31')).toBe(0);
      expect(await l.balance('2027-07-31')).toBe(140);
      // The day after: lot a is not shown and cannot be spent, even before the job has run.
      expect(await l.balance('2027-08-01')).toBe(50);
      expect(await l.redeem(51, '2027-08-01', 'day-after')).toEqual({
        status: 'rejected',
        code: 'POINTS_INSUFFICIENT',
      });
      // The job missed a month: on lot b's last day it expires lot a's 90 and leaves lot b's 50.
      expect(await expirePoints(l.db, '2027-08-31')).toBe(90);
      expect(await l.balance('2027-08-31')).toBe(50);
      expect(await expirePoints(l.db, '2027-09-01')).toBe(50);
      expect(await l.balance('2027-09-01')).toBe(0);
    });
  });

  it('a cancel is accepted on the window’s last day (30 days after) and refused the day after', async () => {
    const l = await ledger(kind);
    await within(l.db, async () => {
      await l.award(10_000, '2027-01-10', 'award-a');
      await l.award(10_000, '2027-01-11', 'award-b');
      expect(addDays('2027-01-10', 30)).toBe('2027-02-09');
      expect(await l.cancel('award-a', '2027-02-09')).toMatchObject({ status: 'applied' });
      expect(await l.cancel('award-b', '2027-02-11')).toEqual({
        status: 'rejected',
        code: 'POINTS_CANCEL_TOO_LATE',
      });
      expect(await l.cancel('award-b', '2027-02-10')).toMatchObject({ status: 'applied' });
    });
  });

  it('a month is refused on its own last day and closes the day after (February 2027: the 28th)', async () => {
    const l = await ledger(kind);
    await within(l.db, async () => {
      await l.award(10_000, '2027-02-28', 'award');
      expect(await closePeriod(l.db, STREET, '2027-02', '2027-02-28')).toEqual({
        ok: false,
        code: 'SETTLEMENT_PERIOD_OPEN',
      });
      const closed = await closePeriod(l.db, STREET, '2027-02', '2027-03-01');
      expect(closed.ok && closed.value.lines).toEqual([
        { kind: 'awarded', partyCode: 's1', partyName: '店s1', points: -100 },
        { kind: 'held', points: 100 },
      ]);
    });
  });

  it.each([
    { cancelDays: 30, kept: STATEMENT_DAYS },
    { cancelDays: 120, kept: 120 },
  ])(
    'compaction keeps a settled movement through day $kept of its window and folds it the day after (cancel window $cancelDays days)',
    async ({ cancelDays, kept }) => {
      expect(STATEMENT_DAYS).toBe(90);
      const l = await ledger(kind, cancelDays);
      await within(l.db, async () => {
        await l.award(10_000, '2027-01-10', 'older');
        await l.award(10_000, '2027-01-11', 'newer');
        expect((await closePeriod(l.db, STREET, '2027-01', '2027-02-01')).ok).toBe(true);
        // The older one's last kept day.
        expect(await compactLedger(l.db, addDays('2027-01-10', kept))).toBe(0);
        expect(await l.movements()).toEqual(['older', 'newer']);
        expect(await compactLedger(l.db, addDays('2027-01-10', kept + 1))).toBe(1);
        expect(await l.movements()).toEqual(['newer']);
        // Folded, not lost: the balance is the same.
        expect(await l.balance(addDays('2027-01-10', kept + 1))).toBe(200);
      });
    },
  );
});
