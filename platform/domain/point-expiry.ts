import type { Database } from '../store/database';
import { lockAccount, post, programmeAccount, useLots } from './point-ledger';

/** Accounts handled per transaction: a long backlog never holds one huge transaction open. */
const ACCOUNTS_PER_TRANSACTION = 200;

/**
 * The daily expiry (失効): every lot past its last day goes to its programme's expiry account, one
 * movement per holder account. Run it any number of times a day: a lot already expired has
 * nothing left to move. Returns the points expired.
 */
export async function expirePoints(db: Database, today: string): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const due = await tx.query<{ account_id: string; programme_code: string }>(
        `SELECT DISTINCT l.account_id, a.programme_code FROM point_lots l
         JOIN point_accounts a ON a.id = l.account_id
         WHERE l.remaining > 0 AND l.expires_on < $1 LIMIT $2`,
        [today, ACCOUNTS_PER_TRANSACTION],
      );
      let points = 0;
      for (const account of due) {
        const id = Number(account.account_id);
        await lockAccount(tx, id);
        const lots = await tx.query<{ id: string; remaining: number }>(
          'SELECT id, remaining FROM point_lots WHERE account_id = $1 AND remaining > 0 AND expires_on < $2',
          [id, today],
        );
        const sum = lots.reduce((n, lot) => n + lot.remaining, 0);
        if (sum === 0) continue;
        const expiry = await programmeAccount(tx, account.programme_code, 'expiry');
        const movementId = await post(
          tx,
          {
            programmeCode: account.programme_code,
            kind: 'expire',
            providerCode: null,
            occurredOn: today,
          },
          [
            { accountId: id, amount: -sum },
            { accountId: expiry, amount: sum },
          ],
        );
        await useLots(
          tx,
          movementId,
          lots.map((lot) => ({ lotId: Number(lot.id), amount: lot.remaining })),
        );
        points += sum;
      }
      return { accounts: due.length, points };
    });
    total += moved.points;
    if (moved.accounts < ACCOUNTS_PER_TRANSACTION) return total;
  }
}
