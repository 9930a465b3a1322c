import type { AwardPoints } from '../../core/api/points';
import type { CancelPoints, ProgrammeBalance, RedeemPoints } from '../../core/api/points-counter';
import type { Queryable } from '../store/database';
import type { OperationMacs } from './operation-macs';
import { type BalanceRow, toProgrammeBalance } from './point-balances';
import {
  type EarlierOperation,
  type PointsResult,
  resendResult,
  type StoredResult,
} from './stored-result';

/**
 * 付与, 利用 and 取消 from a terminal. The ledger's rules run in the database
 * (migrations/0007_point_operations.sql, after core/points): one operation is one call, with its
 * exactly-once record and, when asked, the holder's balance after it.
 */

export type PointsOperation = AwardPoints | RedeemPoints | CancelPoints;

export interface PointsContext {
  terminal: { id: string; providerCode: string };
  macs: OperationMacs;
  /** The calendar day in Japan, passed in so tests can move it. */
  today: string;
  /**
   * The programmes whose balance the answer may show (the terminal's own): the holder's balance
   * after the operation comes back when its programme is one of them.
   */
  balanceIn: readonly string[];
}

export interface PointsApplied {
  result: StoredResult;
  /** The content MAC stored with the operation id (for a batch's later resends of it). */
  mac: string | null;
  balance?: ProgrammeBalance;
}

type Answer = ({ result: PointsResult } | { earlier: EarlierOperation }) & {
  balance?: BalanceRow | null;
};

/**
 * Applies one points operation exactly once by its id: a resend with the same content gets the
 * result it got then, with other content OPERATION_ID_REUSED. Outside a transaction it is one
 * statement (its own transaction); inside a batch's, it takes part in it.
 */
export async function applyPointsOnce(
  db: Queryable,
  context: PointsContext,
  op: PointsOperation,
): Promise<PointsApplied> {
  const { terminal, macs } = context;
  const mac = macs.of(op);
  // A cancel finds the movement by the key of the operation it cancels.
  const keyOf = op.kind === 'cancelPoints' ? op.cancels : op.operationId;
  const award = op.kind === 'awardPoints' ? op.award : undefined;
  const [row] = await db.query<{ answer: Answer }>(
    `SELECT point_operation_once($1, $2::uuid, $3, $4, $5, $6, $7::bigint, $8, $9::bigint, $10,
       $11, $12::date, $13::text[]) AS answer`,
    [
      terminal.id,
      op.operationId,
      mac,
      op.kind,
      op.kind === 'cancelPoints' ? null : op.programmeCode,
      op.kind === 'cancelPoints' ? null : op.myKeyId,
      award?.by === 'purchase' ? award.yen : null,
      award?.by === 'activity' ? award.activityCode : null,
      op.kind === 'redeemPoints' ? op.points : null,
      macs.movementKey(terminal.id, keyOf),
      terminal.providerCode,
      context.today,
      context.balanceIn,
    ],
  );
  if (row === undefined) throw new Error('point_operation_once gave no answer');
  const { answer } = row;
  const balance = answer.balance == null ? {} : { balance: toProgrammeBalance(answer.balance) };
  return 'earlier' in answer
    ? { result: resendResult(macs, answer.earlier, mac), mac: answer.earlier.mac, ...balance }
    : { result: answer.result, mac, ...balance };
}
