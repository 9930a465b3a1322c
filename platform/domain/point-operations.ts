import type { AwardPoints } from '../../core/api/points';
import type { CancelPoints, RedeemPoints } from '../../core/api/points-counter';
import type { ErrorCode } from '../../core/errors';
import { capAward, pointsForPurchase } from '../../core/points/award';
import { expiresOn } from '../../core/points/expiry';
import type { Queryable } from '../store/database';
import type { OperationMacs } from './operation-macs';
import {
  lockAccount,
  lockHolderAccount,
  planTake,
  post,
  programmeAccount,
  restoreLots,
  shopAccount,
  useLots,
} from './point-ledger';
import { fixedAwardPoints, rulesFor } from './point-programmes';

/** What a points operation left behind (stored with its operation id, so a resend gets it again). */
export type PointsResult =
  | { status: 'applied'; outcome: 'awarded'; points: number; capped: boolean }
  | { status: 'applied'; outcome: 'redeemed' | 'cancelled'; points: number }
  | { status: 'rejected'; code: ErrorCode };

/** Who is asking, and when: "today" is the calendar day in Japan, passed in so tests can move it. */
export interface PointsContext {
  terminal: { id: string; providerCode: string };
  today: string;
  macs: OperationMacs;
}

const rejected = (code: ErrorCode): PointsResult => ({ status: 'rejected', code });

/** 付与: a purchase × the rate or a fixed award, up to the person's daily cap in the programme. */
export async function awardPoints(
  tx: Queryable,
  context: PointsContext,
  op: AwardPoints,
): Promise<PointsResult> {
  const rules = await rulesFor(tx, op.programmeCode, context.terminal.providerCode);
  if (rules === undefined) return rejected('PROGRAMME_NOT_FOUND');
  if (!rules.mayAward) return rejected('POINTS_NOT_ALLOWED');
  let requested: number;
  if (op.award.by === 'purchase') {
    requested = pointsForPurchase(op.award.yen, rules.yenPerPoint);
  } else {
    const fixed = await fixedAwardPoints(tx, rules.code, op.award.activityCode);
    if (fixed === undefined) return rejected('POINTS_ACTIVITY_NOT_FOUND');
    requested = fixed;
  }
  if (requested < 1) return rejected('POINTS_AWARD_ZERO');
  const account = await lockHolderAccount(tx, rules.code, op.myKeyId, true);
  if (account === undefined) return rejected('MYKEY_NOT_REGISTERED');
  const award = capAward(requested, await awardedToday(tx, account, context.today), rules.dailyCap);
  if (award.points < 1) return rejected('POINTS_DAILY_CAP');
  const issue = await programmeAccount(tx, rules.code, 'issue');
  const movementId = await post(
    tx,
    {
      programmeCode: rules.code,
      kind: 'award',
      providerCode: context.terminal.providerCode,
      occurredOn: context.today,
      operationKey: context.macs.movementKey(context.terminal.id, op.operationId),
    },
    [
      { accountId: issue, amount: -award.points },
      { accountId: account, amount: award.points },
    ],
  );
  await tx.query(
    `INSERT INTO point_lots (account_id, award_movement_id, expires_on, original, remaining)
     VALUES ($1, $2, $3, $4, $4)`,
    [account, movementId, expiresOn(context.today, rules.expiry), award.points],
  );
  return { status: 'applied', outcome: 'awarded', points: award.points, capped: award.capped };
}

/** Points awarded to an account today, less the awards cancelled since. */
async function awardedToday(tx: Queryable, accountId: number, today: string): Promise<number> {
  const [row] = await tx.query<{ n: string | null }>(
    `SELECT sum(e.amount) AS n FROM point_entries e
     JOIN point_movements m ON m.id = e.movement_id
     WHERE e.account_id = $1 AND m.kind = 'award' AND m.occurred_on = $2
       AND NOT EXISTS (SELECT 1 FROM point_movements c WHERE c.reverses = m.id)`,
    [accountId, today],
  );
  return Number(row?.n ?? 0);
}

/** 利用: never more than the unexpired balance; the lots that expire first are spent first. */
export async function redeemPoints(
  tx: Queryable,
  context: PointsContext,
  op: RedeemPoints,
): Promise<PointsResult> {
  const rules = await rulesFor(tx, op.programmeCode, context.terminal.providerCode);
  if (rules === undefined) return rejected('PROGRAMME_NOT_FOUND');
  if (!rules.mayRedeem) return rejected('POINTS_NOT_ALLOWED');
  const account = await lockHolderAccount(tx, rules.code, op.myKeyId, false);
  if (account === undefined) return rejected('POINTS_INSUFFICIENT');
  const uses = await planTake(tx, account, op.points, context.today, 'soonest-first');
  if (uses === undefined) return rejected('POINTS_INSUFFICIENT');
  const shop = await shopAccount(tx, rules.code, context.terminal.providerCode);
  const movementId = await post(
    tx,
    {
      programmeCode: rules.code,
      kind: 'redeem',
      providerCode: context.terminal.providerCode,
      occurredOn: context.today,
      operationKey: context.macs.movementKey(context.terminal.id, op.operationId),
    },
    [
      { accountId: account, amount: -op.points },
      { accountId: shop, amount: op.points },
    ],
  );
  await useLots(tx, movementId, uses);
  return { status: 'applied', outcome: 'redeemed', points: op.points };
}

interface CancellableMovement {
  id: string;
  programme_code: string;
  kind: 'award' | 'redeem';
  provider_code: string;
  age_days: number;
  cancel_days: number;
  holder_account: string;
  my_key_id: string;
  points: number;
  lot_id: string | null;
}

/**
 * The movement an operation of this terminal made, found by its keyed MAC; undefined when the
 * terminal made no such award or redemption (or it was refused: it moved nothing).
 */
async function movementOf(
  tx: Queryable,
  context: PointsContext,
  operationId: string,
): Promise<CancellableMovement | undefined> {
  const [row] = await tx.query<CancellableMovement>(
    `SELECT m.id, m.programme_code, m.kind, m.provider_code,
       ($2::date - m.occurred_on) AS age_days, p.cancel_days,
       a.id AS holder_account, a.my_key_id, abs(e.amount)::int AS points,
       (SELECT l.id FROM point_lots l WHERE l.award_movement_id = m.id) AS lot_id
     FROM point_movements m
     JOIN point_programmes p ON p.code = m.programme_code
     JOIN point_entries e ON e.movement_id = m.id
     JOIN point_accounts a ON a.id = e.account_id AND a.kind = 'holder'
     WHERE m.operation_key = $1 AND m.kind IN ('award', 'redeem')`,
    [context.macs.movementKey(context.terminal.id, operationId), context.today],
  );
  return row;
}

/**
 * 取消 of an award or a redemption this terminal made, within the programme's window: the inverse
 * entries. A cancelled redemption gives back the very lots it took; a cancelled award takes its
 * points back (its own lot first), and is refused if the holder has already spent them.
 */
export async function cancelPoints(
  tx: Queryable,
  context: PointsContext,
  op: CancelPoints,
): Promise<PointsResult> {
  const found = await movementOf(tx, context, op.cancels);
  if (found === undefined) return rejected('POINTS_CANCEL_NOT_FOUND');
  const holder = Number(found.holder_account);
  // Lock the holder's account before reading whether it was reversed: two cancels of one movement
  // then run one after the other, and the second sees the first.
  await lockAccount(tx, holder);
  const [again] = await tx.query<{ reversed: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM point_movements WHERE reverses = $1) AS reversed',
    [found.id],
  );
  if (again?.reversed === true) return rejected('POINTS_ALREADY_CANCELLED');
  if (found.age_days > found.cancel_days) return rejected('POINTS_CANCEL_TOO_LATE');
  const movement = {
    programmeCode: found.programme_code,
    kind: 'cancel' as const,
    providerCode: found.provider_code,
    occurredOn: context.today,
    reverses: Number(found.id),
  };
  if (found.kind === 'award') {
    const uses = await planTake(tx, holder, found.points, context.today, {
      lotFirst: Number(found.lot_id),
    });
    if (uses === undefined) return rejected('POINTS_INSUFFICIENT');
    const issue = await programmeAccount(tx, found.programme_code, 'issue');
    const movementId = await post(tx, movement, [
      { accountId: holder, amount: -found.points },
      { accountId: issue, amount: found.points },
    ]);
    await useLots(tx, movementId, uses);
  } else {
    const shop = await shopAccount(tx, found.programme_code, found.provider_code);
    await post(tx, movement, [
      { accountId: shop, amount: -found.points },
      { accountId: holder, amount: found.points },
    ]);
    await restoreLots(tx, Number(found.id));
  }
  return { status: 'applied', outcome: 'cancelled', points: found.points };
}

/** For the answer to a cancel: whose balance it changed (the terminal knew the ID already). */
export async function holderOfMovement(
  tx: Queryable,
  context: PointsContext,
  operationId: string,
): Promise<{ programmeCode: string; myKeyId: string } | undefined> {
  const found = await movementOf(tx, context, operationId);
  return found === undefined
    ? undefined
    : { programmeCode: found.programme_code, myKeyId: found.my_key_id };
}
