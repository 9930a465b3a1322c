import type { AwardPoints } from '../../../core/api/points';
import type {
  CancelPoints,
  ProgrammeBalance,
  RedeemPoints,
} from '../../../core/api/points-counter';
import type { Queryable } from '../../store/database';
import { resendResult } from '../exactly-once';
import type { OperationMacs } from '../operation-macs';
import type { EarlierOperation, PointsResult, StoredResult } from '../stored-result';
import { type BalanceRow, toProgrammeBalance } from './balances';

/**
 * 付与, 利用 and 取消 from a terminal. The ledger's rules run in the database
 * (migrations/0007_point_operations.sql, after core/points): one operation is one call, with its
 * exactly-once record and, when asked, the holder's balance after it.
 */

/**
 * An operation as the ledger applies it: an award's or a redemption's holder is the My Key ID the
 * use case found bound to the tapped card (use-cases/counter-points.ts), never one a terminal
 * named; a cancel's holder is the cancelled movement's.
 */
export type PointsOperation =
  | (Omit<AwardPoints, 'certificate' | 'madeAt'> & { myKeyId: string })
  | (Omit<RedeemPoints, 'certificate' | 'proof'> & { myKeyId: string })
  | Omit<CancelPoints, 'certificate'>;

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
 * statement (its own transaction); inside a batch's, it takes part in it. `mac` is the MAC of the
 * operation as the terminal sent it (OperationMacs.of), its card included.
 */
export async function applyPointsOnce(
  db: Queryable,
  context: PointsContext,
  op: PointsOperation,
  mac: string,
): Promise<PointsApplied> {
  const { terminal, macs } = context;
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

/**
 * The holder whose points the award or redemption a terminal made moved (by the key a cancel
 * finds it by); undefined when there is none, which the cancel itself then answers.
 */
export async function holderOfMovement(
  db: Queryable,
  macs: OperationMacs,
  terminalId: string,
  operationId: string,
): Promise<string | undefined> {
  const [row] = await db.query<{ my_key_id: string }>(
    'SELECT my_key_id FROM point_movement_of($1)',
    [macs.movementKey(terminalId, operationId)],
  );
  return row?.my_key_id;
}

/** Whether the programme asks for the holder's PIN above some amount (`redeemPinAbove` set). */
export async function asksForPin(db: Queryable, programmeCode: string): Promise<boolean> {
  const [row] = await db.query<{ above: number | null }>(
    'SELECT redeem_pin_above AS above FROM point_programmes WHERE code = $1',
    [programmeCode],
  );
  return row !== undefined && row.above !== null;
}

/**
 * Whether this redemption needs the holder's PIN: the holder's redemptions in the programme today
 * (the ledger's day) and this one come to more than the programme's `redeemPinAbove`. Locks the
 * holder's account until the transaction ends (migrations/0019_points_pin_daily.sql), so call it
 * in the transaction that then applies the redemption.
 */
export async function redeemNeedsPin(
  db: Queryable,
  programmeCode: string,
  myKeyId: string,
  points: number,
  today: string,
): Promise<boolean> {
  const [row] = await db.query<{ needs: boolean }>(
    'SELECT point_redeem_needs_pin($1, $2, $3::bigint, $4::date) AS needs',
    [programmeCode, myKeyId, points, today],
  );
  return row?.needs === true;
}
