import type { ErrorCode } from '../../core/errors';
import type { OperationMacs } from './operation-macs';

/** What a points operation left behind (stored with its operation id, so a resend gets it again). */
export type PointsResult =
  | { status: 'applied'; outcome: 'awarded'; points: number; capped: boolean }
  | { status: 'applied'; outcome: 'redeemed' | 'cancelled'; points: number }
  | { status: 'rejected'; code: ErrorCode };

/**
 * What is stored per operation: an outcome (with the points it moved) or an error code, never the
 * operation's IDs.
 */
export type StoredResult =
  | { status: 'applied'; outcome: 'registered' | 'already_registered' }
  | PointsResult;

/** An operation id seen before, as it was recorded: its result and its content's MAC. */
export interface EarlierOperation {
  result: StoredResult;
  mac: string | null;
}

/**
 * The answer to an id seen before (an operation's, a partner transaction's): the result it got then
 * if the content's MAC is the same as `now`'s, OPERATION_ID_REUSED otherwise (the stored result
 * stays as it was).
 */
export function resendResult<R>(
  macs: OperationMacs,
  earlier: { result: R; mac: string | null },
  now: string,
): R | { status: 'rejected'; code: 'OPERATION_ID_REUSED' } {
  return macs.sameMac(earlier.mac, now)
    ? earlier.result
    : { status: 'rejected', code: 'OPERATION_ID_REUSED' };
}
