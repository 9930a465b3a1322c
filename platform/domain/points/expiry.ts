import type { Database } from '../../store/database';

/** Accounts handled per transaction: a long backlog never holds one huge transaction open. */
const ACCOUNTS_PER_TRANSACTION = 200;

/**
 * The daily expiry (失効), point_expire_account in the database: every lot past its last day goes to
 * its programme's expiry account, one movement per holder account. A holding account's lots are
 * converted points waiting for a municipality: their day is the last to choose one, and they never
 * expire. Run it any number of times a day: a lot already expired has nothing left to move.
 * Returns the points expired.
 */
export async function expirePoints(db: Database, today: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [moved] = await db.query<{ accounts: number; points: string | null }>(
      `SELECT count(*)::int AS accounts, sum(point_expire_account(account_id, $1::date)) AS points
       FROM (SELECT DISTINCT l.account_id FROM point_lots l
             JOIN point_accounts a ON a.id = l.account_id AND a.kind = 'holder'
             WHERE l.remaining > 0 AND l.expires_on < $1::date LIMIT $2) due`,
      [today, ACCOUNTS_PER_TRANSACTION],
    );
    total += Number(moved?.points ?? 0);
    if ((moved?.accounts ?? 0) < ACCOUNTS_PER_TRANSACTION) return total;
  }
}
