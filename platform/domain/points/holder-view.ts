import {
  EXPIRING_WITHIN_DAYS,
  HOLDER_ENTRIES_SHOWN,
  type HolderPoints,
} from '../../../core/api/holder-points';
import { addDays } from '../../../core/points/japan-day';
import type { Queryable } from '../../store/database';

/**
 * What the kiosk shows a holder of their own points (they proved they hold the card): every
 * programme they have an account in, its balance, what expires soon, and their recent entries.
 */
export async function holderPoints(
  db: Queryable,
  myKeyId: string,
  today: string,
): Promise<HolderPoints> {
  const accounts = await db.query<{ id: string; code: string; name: string }>(
    `SELECT a.id, p.code, p.name FROM point_accounts a
     JOIN point_programmes p ON p.code = a.programme_code
     WHERE a.kind = 'holder' AND a.my_key_id = $1 ORDER BY p.kind, p.code`,
    [myKeyId],
  );
  const until = addDays(today, EXPIRING_WITHIN_DAYS);
  const programmes: HolderPoints['programmes'] = [];
  for (const account of accounts) {
    const lots = await db.query<{ expires_on: string; points: string }>(
      `SELECT expires_on::text, sum(remaining) AS points FROM point_lots
       WHERE account_id = $1 AND remaining > 0 AND expires_on >= $2
       GROUP BY expires_on ORDER BY expires_on`,
      [account.id, today],
    );
    const entries = await db.query<{
      on: string;
      kind: string;
      shop: string | null;
      amount: string;
    }>(
      `SELECT m.occurred_on::text AS on, m.kind, pr.name AS shop, e.amount
       FROM point_entries e JOIN point_movements m ON m.id = e.movement_id
       LEFT JOIN providers pr ON pr.code = m.provider_code
       WHERE e.account_id = $1 ORDER BY m.id DESC LIMIT $2`,
      [account.id, HOLDER_ENTRIES_SHOWN],
    );
    programmes.push({
      programmeCode: account.code,
      programmeName: account.name,
      balance: lots.reduce((n, lot) => n + Number(lot.points), 0),
      expiring: lots
        .filter((lot) => lot.expires_on <= until)
        .map((lot) => ({ points: Number(lot.points), expiresOn: lot.expires_on })),
      entries: entries.map((entry) => ({
        on: entry.on,
        kind: entry.kind as HolderPoints['programmes'][number]['entries'][number]['kind'],
        ...(entry.shop === null ? {} : { shop: entry.shop }),
        amount: Number(entry.amount),
      })),
    });
  }
  return { programmes };
}
