import { addDays } from '../../../core/points/japan-day';
import { retentionDays, STATEMENT_DAYS } from '../../../core/points/retention';
import type { Database } from '../../store/database';

/**
 * At most this many movements are folded per transaction, a week of days at a time: a long
 * backlog (a platform that has never compacted, a city's busy month) never holds one huge
 * transaction open, and the people's accounts it locks are released soon.
 */
const MOVEMENTS_PER_TRANSACTION = 2000;
const DAYS_PER_STEP = 7;

/**
 * 整理: folds away every settled movement older than its programme's retention window
 * (point_fold in the database: the accounts keep carried figures, the lots an amount and an expiry,
 * the closed periods their per-shop settlement lines), then the conversions whose points were all
 * placed. A month not yet closed keeps its entries until it is. Run it daily, after the shop
 * analytics have counted the week that ended. Returns the movements folded.
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
      let through = addDays(programme.oldest, DAYS_PER_STEP - 1);
      ;
      through = addDays(through, DAYS_PER_STEP)
    ) {
      folded += await foldAll(db, 'point_compactable($1, $2::date, $3::date, $4)', [
        programme.code,
        through,
        cut,
      ]);
      if (through >= cut) break;
    }
  }
  return (
    folded +
    (await foldAll(db, 'point_compactable_conversions($1::date, $2)', [
      addDays(today, -STATEMENT_DAYS),
    ]))
  );
}

/** Folds what the selection names, a transaction of at most MOVEMENTS_PER_TRANSACTION at a time. */
async function foldAll(db: Database, selection: string, params: unknown[]): Promise<number> {
  let folded = 0;
  for (;;) {
    const n = await fold(db, selection, [...params, MOVEMENTS_PER_TRANSACTION]);
    folded += n;
    if (n < MOVEMENTS_PER_TRANSACTION) return folded;
  }
}

async function fold(db: Database, selection: string, params: unknown[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ n: number }>(`SELECT point_fold(${selection}) AS n`, params);
    return row?.n ?? 0;
  });
}
