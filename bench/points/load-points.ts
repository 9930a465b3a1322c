import type { Programme } from '../../core/api/point-programmes';
import { putProgramme } from '../../platform/domain/points/programmes';
import type { Database } from '../../platform/store/database';
import { benchMyKeyId } from '../platform-lookup/load-links';

/** The benchmark's own programme: the street's rate, but no daily cap to get in the way. */
export const BENCH_PROGRAMME: Programme = {
  code: 'A-P900',
  name: 'ベンチマーク商店街ポイント',
  kind: 'provider',
  municipalityCode: 'A',
  ownerProviderCode: 'a1',
  yenPerPoint: 100,
  expiryRule: 'months:24',
  dailyCap: 10_000_000,
  cancelDays: 30,
  premiumPercent: 0,
  participants: [{ providerCode: 'a1', mayAward: true, mayRedeem: true }],
  fixedAwards: [],
};

export const OPENING_POINTS = 100_000;

/**
 * Gives each of the first `count` bench My Key IDs an account in the bench programme holding
 * OPENING_POINTS, as one award each (a movement, two entries and a lot), loaded in bulk: the
 * entry triggers are off while loading and the balances set from the entries once, as the
 * triggers would have. The run checks the ledger's invariants at the end, these rows included.
 */
export async function loadPointAccounts(db: Database, count: number): Promise<void> {
  const put = await putProgramme(db, BENCH_PROGRAMME);
  if (!put.ok) throw new Error(put.code);
  const code = BENCH_PROGRAMME.code;
  await db.exec(`
    ALTER TABLE point_entries DISABLE TRIGGER point_entries_post;
    ALTER TABLE point_entries DISABLE TRIGGER point_entries_balance;
  `);
  await db.query(
    `INSERT INTO point_accounts (programme_code, kind, my_key_id)
     SELECT $1, 'holder', 'B' || lpad(i::text, 13, '0') FROM generate_series(1, $2::int) AS i`,
    [code, count],
  );
  await db.query(
    `INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on)
     SELECT $1, 'award', 'a1', current_date FROM generate_series(1, $2::int)`,
    [code, count],
  );
  // Each statement's identities are consecutive (nothing else writes now): pair them by offset.
  const [first] = await db.query<{ movement: string; account: string; issue: string }>(
    `SELECT (SELECT min(id) FROM point_movements WHERE programme_code = $1) AS movement,
       (SELECT min(id) FROM point_accounts WHERE programme_code = $1 AND kind = 'holder') AS account,
       (SELECT id FROM point_accounts WHERE programme_code = $1 AND kind = 'issue') AS issue`,
    [code],
  );
  if (first === undefined) throw new Error('nothing loaded');
  const offsets = [first.movement, first.account, OPENING_POINTS, count];
  await db.query(
    `INSERT INTO point_entries (movement_id, account_id, amount)
     SELECT $1::bigint + i, $2::bigint + i, $3 FROM generate_series(0, $4::int - 1) AS i`,
    offsets,
  );
  await db.query(
    `INSERT INTO point_entries (movement_id, account_id, amount)
     SELECT $1::bigint + i, $2::bigint, -$3::bigint FROM generate_series(0, $4::int - 1) AS i`,
    [first.movement, first.issue, OPENING_POINTS, count],
  );
  await db.query(
    `INSERT INTO point_lots (account_id, award_movement_id, expires_on, original, remaining)
     SELECT $2::bigint + i, $1::bigint + i, current_date + 700, $3, $3
     FROM generate_series(0, $4::int - 1) AS i`,
    offsets,
  );
  await db.query(
    `UPDATE point_accounts a SET balance = s.total
     FROM (SELECT account_id, sum(amount) AS total FROM point_entries GROUP BY account_id) s
     WHERE a.id = s.account_id AND a.programme_code = $1 AND a.kind = 'holder'`,
    [code],
  );
  await db.exec(`
    ALTER TABLE point_entries ENABLE TRIGGER point_entries_post;
    ALTER TABLE point_entries ENABLE TRIGGER point_entries_balance;
    ANALYZE;
  `);
}

export { benchMyKeyId };
