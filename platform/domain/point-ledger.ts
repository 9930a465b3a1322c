import type { Queryable } from '../store/database';

/**
 * The double-entry ledger's moving parts: accounts, movements with their entries (which the
 * database checks sum to zero, and posts to the accounts' balances), and lots. Callers hold the
 * transaction; a holder's account is locked (FOR UPDATE) before anything reads its lots.
 */

export type MovementKind = 'award' | 'redeem' | 'cancel' | 'expire';

export interface Movement {
  programmeCode: string;
  kind: MovementKind;
  /** The shop; none for an expiry. */
  providerCode: string | null;
  occurredOn: string;
  /** The keyed MAC a cancel finds it by (operation-macs.ts); none for expiries and cancels. */
  operationKey?: string;
  reverses?: number;
}

export interface Entry {
  accountId: number;
  amount: number;
}

/**
 * Writes a movement and its entries in one statement; the database refuses the commit unless they
 * sum to zero.
 */
export async function post(tx: Queryable, movement: Movement, entries: Entry[]): Promise<number> {
  const [row] = await tx.query<{ id: string }>(
    `WITH m AS (
       INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on, operation_key, reverses)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
     )
     INSERT INTO point_entries (movement_id, account_id, amount)
     SELECT m.id, e.account, e.amount FROM m, unnest($7::bigint[], $8::bigint[]) AS e (account, amount)
     RETURNING movement_id AS id`,
    [
      movement.programmeCode,
      movement.kind,
      movement.providerCode,
      movement.occurredOn,
      movement.operationKey ?? null,
      movement.reverses ?? null,
      entries.map((e) => e.accountId),
      entries.map((e) => e.amount),
    ],
  );
  if (row === undefined) throw new Error('no movement id');
  return Number(row.id);
}

/** The programme's own account of a kind (made with the programme). */
export async function programmeAccount(
  tx: Queryable,
  programmeCode: string,
  kind: 'issue' | 'expiry',
): Promise<number> {
  const [row] = await tx.query<{ id: string }>(
    'SELECT id FROM point_accounts WHERE programme_code = $1 AND kind = $2',
    [programmeCode, kind],
  );
  if (row === undefined) throw new Error(`programme ${programmeCode} has no ${kind} account`);
  return Number(row.id);
}

/** A shop's redemption account in a programme, opened on its first redemption. */
export async function shopAccount(
  tx: Queryable,
  programmeCode: string,
  providerCode: string,
): Promise<number> {
  await tx.query(
    `INSERT INTO point_accounts (programme_code, kind, provider_code) VALUES ($1, 'redemption', $2)
     ON CONFLICT DO NOTHING`,
    [programmeCode, providerCode],
  );
  const [row] = await tx.query<{ id: string }>(
    `SELECT id FROM point_accounts WHERE programme_code = $1 AND kind = 'redemption' AND provider_code = $2`,
    [programmeCode, providerCode],
  );
  if (row === undefined) throw new Error('no shop account');
  return Number(row.id);
}

/**
 * A holder's account, locked until the transaction ends; with `open`, opened first if the My Key
 * ID is registered. Undefined when there is none (or, with `open`, the ID is not registered).
 */
export async function lockHolderAccount(
  tx: Queryable,
  programmeCode: string,
  myKeyId: string,
  open: boolean,
): Promise<number | undefined> {
  if (open) {
    // No unique violation is ever raised: it would put the My Key ID into the database's log.
    await tx.query(
      `INSERT INTO point_accounts (programme_code, kind, my_key_id)
       SELECT $1, 'holder', $2 WHERE EXISTS (SELECT 1 FROM my_keys WHERE my_key_id = $2)
       ON CONFLICT DO NOTHING`,
      [programmeCode, myKeyId],
    );
  }
  const [row] = await tx.query<{ id: string }>(
    `SELECT id FROM point_accounts WHERE programme_code = $1 AND kind = 'holder' AND my_key_id = $2
     FOR UPDATE`,
    [programmeCode, myKeyId],
  );
  return row === undefined ? undefined : Number(row.id);
}

/** Locks an account known by its id until the transaction ends. */
export async function lockAccount(tx: Queryable, accountId: number): Promise<void> {
  await tx.query('SELECT 1 FROM point_accounts WHERE id = $1 FOR UPDATE', [accountId]);
}

export interface LotUse {
  lotId: number;
  amount: number;
}

/**
 * Which of a holder's unexpired lots give `points`, in the given order (soonest expiry first for a
 * redemption); undefined when they hold too few. The caller has locked the account, so the plan
 * holds until it is carried out with useLots.
 */
export async function planTake(
  tx: Queryable,
  accountId: number,
  points: number,
  today: string,
  order: 'soonest-first' | { lotFirst: number },
): Promise<LotUse[] | undefined> {
  const orderBy =
    order === 'soonest-first'
      ? 'expires_on, id'
      : // Taking back an award: its own lot first, then the lots that expire last.
        `(id = ${Number(order.lotFirst)}) DESC, expires_on DESC, id DESC`;
  const rows = await tx.query<{ id: string; remaining: number; before: string }>(
    `SELECT id, remaining, before FROM (
       SELECT id, remaining, sum(remaining) OVER (ORDER BY ${orderBy}) - remaining AS before
       FROM point_lots WHERE account_id = $1 AND remaining > 0 AND expires_on >= $2
     ) lots WHERE before < $3 ORDER BY before`,
    [accountId, today, points],
  );
  const uses: LotUse[] = [];
  let left = points;
  for (const row of rows) {
    const amount = Math.min(row.remaining, left);
    uses.push({ lotId: Number(row.id), amount });
    left -= amount;
  }
  return left > 0 ? undefined : uses;
}

/** Lowers the lots by what a movement took, and records it so that a cancel can put it back. */
export async function useLots(tx: Queryable, movementId: number, uses: LotUse[]): Promise<void> {
  await tx.query(
    `UPDATE point_lots l SET remaining = l.remaining - u.amount
     FROM unnest($1::bigint[], $2::int[]) AS u (lot_id, amount) WHERE l.id = u.lot_id`,
    [uses.map((u) => u.lotId), uses.map((u) => u.amount)],
  );
  await tx.query(
    `INSERT INTO point_lot_uses (movement_id, lot_id, amount)
     SELECT $1, * FROM unnest($2::bigint[], $3::int[])`,
    [movementId, uses.map((u) => u.lotId), uses.map((u) => u.amount)],
  );
}

/** Puts back what a movement took from lots (cancelling a redemption). */
export async function restoreLots(tx: Queryable, movementId: number): Promise<void> {
  await tx.query(
    `UPDATE point_lots l SET remaining = l.remaining + u.amount
     FROM point_lot_uses u WHERE u.movement_id = $1 AND l.id = u.lot_id`,
    [movementId],
  );
}
