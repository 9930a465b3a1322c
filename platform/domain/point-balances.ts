import type { ProgrammeBalance } from '../../core/api/points-counter';
import type { Queryable } from '../store/database';

/**
 * 残高照会: what a holder can spend today in each programme, and the points that expire first.
 * Computed from unexpired lots, so a point past its day never counts, even before the nightly
 * expiry has moved it.
 */
export async function balancesOf(
  db: Queryable,
  myKeyId: string,
  programmeCodes: readonly string[],
  today: string,
): Promise<ProgrammeBalance[]> {
  const rows = await db.query<{
    code: string;
    name: string;
    balance: string | null;
    soonest_on: string | null;
    soonest_points: string | null;
  }>(
    `SELECT p.code, p.name, s.balance, s.soonest_on, s.soonest_points
     FROM point_programmes p
     LEFT JOIN point_accounts a ON a.programme_code = p.code AND a.kind = 'holder' AND a.my_key_id = $1
     LEFT JOIN LATERAL (
       SELECT sum(l.remaining) AS balance, min(l.expires_on)::text AS soonest_on,
         sum(l.remaining) FILTER (WHERE l.expires_on = (
           SELECT min(expires_on) FROM point_lots
           WHERE account_id = a.id AND remaining > 0 AND expires_on >= $3)) AS soonest_points
       FROM point_lots l WHERE l.account_id = a.id AND l.remaining > 0 AND l.expires_on >= $3
     ) s ON true
     WHERE p.code = ANY($2::text[]) ORDER BY p.kind, p.code`,
    [myKeyId, programmeCodes, today],
  );
  return rows.map((row) => {
    const balance = Number(row.balance ?? 0);
    return {
      programmeCode: row.code,
      programmeName: row.name,
      balance,
      ...(balance > 0 && row.soonest_on !== null
        ? { soonest: { points: Number(row.soonest_points ?? 0), expiresOn: row.soonest_on } }
        : {}),
    };
  });
}
