import type { ErrorCode } from '../../core/errors';

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
