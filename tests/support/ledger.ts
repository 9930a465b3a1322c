import { expect } from 'vitest';
import { putProgramme } from '../../platform/domain/points/programmes';
import type { Database, Queryable } from '../../platform/store/database';

/** The one street programme of `streetLedger`, and the one person who holds its points. */
export const STREET = 'A-P002';
export const WHO = 'Y0000000000001';

/**
 * A bare ledger for the database functions: municipality A, the 振興組合 that owns ○○商店街ポイント
 * (`STREET`, 1 point per 100 yen, 6 months, 300 a day, no premium), its one shop s1 that awards
 * and redeems, and `WHO`.
 */
export async function streetLedger(db: Database, cancelDays = 30): Promise<void> {
  await db.exec(`
    INSERT INTO municipalities VALUES ('A', 'A市');
    INSERT INTO providers (code, municipality_code, name) VALUES ('kumiai', 'A', '○○商店街振興組合'),
      ('s1', 'A', '店s1');
    INSERT INTO my_keys VALUES ('${WHO}', 'default', 'test', '${WHO}');
  `);
  const put = await putProgramme(db, {
    code: STREET,
    name: '○○商店街ポイント',
    kind: 'provider',
    municipalityCode: 'A',
    ownerProviderCode: 'kumiai',
    yenPerPoint: 100,
    expiryRule: 'months:6',
    dailyCap: 300,
    cancelDays,
    premiumPercent: 0,
    participants: [{ providerCode: 's1', mayAward: true, mayRedeem: true }],
    fixedAwards: [],
  });
  expect(put.ok).toBe(true);
}

/** Every movement touching one of the person's accounts, in order: its kind, entries and their sum. */
export function movementsOf(
  db: Queryable,
  myKeyId: string,
): Promise<Array<{ kind: string; entries: number; sum: number }>> {
  return db.query<{ kind: string; entries: number; sum: number }>(
    `SELECT m.kind, count(*)::int AS entries, sum(e.amount)::int AS sum
       FROM point_movements m JOIN point_entries e ON e.movement_id = m.id
       WHERE m.id IN (SELECT movement_id FROM point_entries WHERE account_id IN
         (SELECT id FROM point_accounts WHERE my_key_id = $1))
       GROUP BY m.id, m.kind ORDER BY m.id`,
    [myKeyId],
  );
}
