import type { ProgrammeBalance } from '../../../core/api/points-counter';
import type { Queryable } from '../../store/database';

/** A row of the database's point_balances (a bigint may come as text or as a number). */
export interface BalanceRow {
  code: string;
  name: string;
  balance: string | number;
  soonest_on: string | null;
  soonest_points: string | number | null;
}

export function toProgrammeBalance(row: BalanceRow): ProgrammeBalance {
  const balance = Number(row.balance);
  return {
    programmeCode: row.code,
    programmeName: row.name,
    balance,
    ...(balance > 0 && row.soonest_on !== null
      ? { soonest: { points: Number(row.soonest_points ?? 0), expiresOn: row.soonest_on } }
      : {}),
  };
}

/**
 * 残高照会: what a holder can spend today in each programme, and the points that expire first.
 * Computed from unexpired lots (point_balances in the database), so a point past its day never
 * counts, even before the nightly expiry has moved it.
 */
export async function balancesOf(
  db: Queryable,
  myKeyId: string,
  programmeCodes: readonly string[],
  today: string,
): Promise<ProgrammeBalance[]> {
  const rows = await db.query<BalanceRow>(
    'SELECT * FROM point_balances($1, $2::text[], $3::date)',
    [myKeyId, programmeCodes, today],
  );
  return rows.map(toProgrammeBalance);
}
