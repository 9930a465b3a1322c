import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closePeriod, readSettlement } from '../../platform/domain/points/settlement';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { STREET, streetLedger, WHO } from '../support/ledger';

/**
 * Issue 26, fault 2: an operation's day is fixed before its statement commits. An award dated 31
 * January that commits after January was closed must still be settled, exactly once (in February,
 * as a late cancel is), and must not hold February back. Two real PostgreSQL sessions: the
 * straggler's transaction is held open while January closes.
 */
const awardSql = `SELECT point_award($1, 's1', $2, $3, NULL, $4::date, $5)`;
const award = (
  db: { query(sql: string, params: unknown[]): Promise<unknown> },
  yen: number,
  day: string,
  key: string,
) => db.query(awardSql, [STREET, WHO, yen, day, key]);

describe.each(databaseKinds().filter((kind) => kind === 'postgres'))(
  'a month-end straggler on %s',
  (kind) => {
    it('an award dated in a month closed while it was in flight is settled once, in the next month, and later months close', async () => {
      const db = await openTestDatabase(kind);
      const straggler = new pg.Client({ connectionString: db.url });
      try {
        await streetLedger(db);
        await award(db, 1000, '2027-01-10', 'on-time');
        await straggler.connect();
        await straggler.query('BEGIN');
        // Dated 31 January, written, not yet committed.
        await award(straggler, 3000, '2027-01-31', 'straggler');

        const january = await closePeriod(db, STREET, '2027-01', '2027-02-01');
        expect(january.ok && january.value.lines).toEqual([
          { kind: 'awarded', partyCode: 's1', partyName: '店s1', points: -10 },
          { kind: 'held', points: 10 },
        ]);
        await straggler.query('COMMIT');

        // February closes (it answered SETTLEMENT_EARLIER_OPEN for good), with the straggler in it.
        await award(db, 500, '2027-02-14', 'february');
        const february = await closePeriod(db, STREET, '2027-02', '2027-03-01');
        expect(february).toMatchObject({ ok: true });
        expect(february.ok && february.value.lines).toEqual([
          { kind: 'awarded', partyCode: 's1', partyName: '店s1', points: -35 },
          { kind: 'held', points: 35 },
        ]);
        expect((await closePeriod(db, STREET, '2027-03', '2027-04-01')).ok).toBe(true);

        // Exactly once: January is as it was closed, every movement is settled, and the awards'
        // points appear once across the closed months.
        expect(await readSettlement(db, STREET, '2027-01')).toEqual(january);
        expect(
          await db.query(
            `SELECT operation_key, occurred_on::text, settled_in FROM point_movements ORDER BY id`,
          ),
        ).toEqual([
          { operation_key: 'on-time', occurred_on: '2027-01-10', settled_in: '2027-01' },
          { operation_key: 'straggler', occurred_on: '2027-01-31', settled_in: '2027-02' },
          { operation_key: 'february', occurred_on: '2027-02-14', settled_in: '2027-02' },
        ]);
        const [awarded] = await db.query<{ points: string }>(
          `SELECT sum(points)::text AS points FROM point_settlement_lines
           WHERE programme_code = $1 AND line_kind = 'awarded'`,
          [STREET],
        );
        expect(awarded?.points).toBe(String(-(10 + 30 + 5)));
      } finally {
        await straggler.end().catch(() => {});
        await db.close();
      }
    });

    it('a redemption and a cancel in flight at a month’s end are settled once too', async () => {
      const db = await openTestDatabase(kind);
      const late = new pg.Client({ connectionString: db.url });
      try {
        await streetLedger(db);
        await award(db, 10_000, '2027-05-02', 'award');
        await db.query(`SELECT point_redeem($1, 's1', $2, 40, '2027-05-20'::date, 'redeem')`, [
          STREET,
          WHO,
        ]);
        await late.connect();
        await late.query('BEGIN');
        await late.query(`SELECT point_cancel('redeem', '2027-05-31'::date)`);
        await late.query(`SELECT point_redeem($1, 's1', $2, 7, '2027-05-31'::date, 'redeem2')`, [
          STREET,
          WHO,
        ]);
        const may = await closePeriod(db, STREET, '2027-05', '2027-06-01');
        expect(may.ok && may.value.lines).toEqual([
          { kind: 'awarded', partyCode: 's1', partyName: '店s1', points: -100 },
          { kind: 'redeemed', partyCode: 's1', partyName: '店s1', points: 40 },
          { kind: 'held', points: 60 },
        ]);
        await late.query('COMMIT');
        const june = await closePeriod(db, STREET, '2027-06', '2027-07-01');
        expect(june.ok && june.value.lines).toEqual([
          { kind: 'redeemed', partyCode: 's1', partyName: '店s1', points: -40 + 7 },
          { kind: 'held', points: 40 - 7 },
        ]);
        expect(
          await db.query(`SELECT count(*)::int AS n FROM point_movements WHERE settled_in IS NULL`),
        ).toEqual([{ n: 0 }]);
      } finally {
        await late.end().catch(() => {});
        await db.close();
      }
    });
  },
);
