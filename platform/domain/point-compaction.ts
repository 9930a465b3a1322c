import { addDays } from '../../core/points/japan-day';
import { retentionDays, STATEMENT_DAYS } from '../../core/points/retention';
import type { Database } from '../store/database';

/** Days of movements folded per transaction, and conversions per transaction. */
const DAYS_PER_TRANSACTION = 7;
const CONVERSIONS_PER_TRANSACTION = 500;

/**
 * 整理: folds away every settled movement older than its programme's retention window
 * (point_fold in the database: the accounts keep carried figures, the lots an amount and an expiry,
 * the closed periods their per-shop settlement lines), then the conversions whose points were all
 * placed and whose placings are gone. A month not yet closed keeps its entries until it is. Run it
 * daily, after the shop analytics have counted the week that ended. Returns the movements folded.
 */
export async function compactLedger(db: Database, today: string): Promise<number> {
  let folded = 0;
  const programmes = await db.query<{ code: string; cancel_days: number; oldest: string | null }>(
    `SELECT p.code, p.cancel_days,
       (SELECT min(occurred_on)::text FROM point_movements m
        WHERE m.programme_code = p.code AND m.settled_in IS NOT NULL) AS oldest
     FROM point_programmes p ORDER BY p.code`,
  );
  for (const programme of programmes) {
    if (programme.oldest === null) continue;
    const cut = addDays(today, -retentionDays(programme.cancel_days));
    for (
      let through = addDays(programme.oldest, DAYS_PER_TRANSACTION - 1);
      ;
      through = addDays(through, DAYS_PER_TRANSACTION)
    ) {
      folded += await fold(db, 'point_compactable($1, $2::date, $3::date)', [
        programme.code,
        through,
        cut,
      ]);
      if (through >= cut) break;
    }
  }
  const cut = addDays(today, -STATEMENT_DAYS);
  for (;;) {
    const n = await fold(db, 'point_compactable_conversions($1::date, $2)', [
      cut,
      CONVERSIONS_PER_TRANSACTION,
    ]);
    folded += n;
    if (n < CONVERSIONS_PER_TRANSACTION) return folded;
  }
}

async function fold(db: Database, selection: string, params: unknown[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ n: number }>(`SELECT point_fold(${selection}) AS n`, params);
    return row?.n ?? 0;
  });
}
