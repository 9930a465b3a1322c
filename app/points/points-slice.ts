import type { ProgrammeBalance, RedeemPoints } from '../../core/api/points-counter';
import type { Notice } from '../store/notice';

/** ポイント at the counter: the card on the reader, its balance, and what was just done. */
export interface PointsState {
  busy: boolean;
  programmeCode?: string | undefined;
  /** The card just read: kept in memory for this customer only, shown masked. */
  myKeyId?: string | undefined;
  /**
   * The card's certificate, sent with every points call (the platform moves the points of the
   * card's holder); kept in memory while this customer is at the counter, like the My Key ID.
   */
  certificate?: string | undefined;
  /** When the card was read (ISO): an award made for it says so (its madeAt). */
  readAt?: string | undefined;
  /** The reader the card was read on: taken off it, the customer is forgotten. */
  reader?: string | undefined;
  /**
   * A redemption that needs the holder's PIN (above the programme's threshold, or past it with
   * today's earlier ones), waiting for it: the pad is turned to the holder, with the tries left.
   */
  pin?: { triesLeft: number; wrong: boolean; redemption: RedeemPoints } | undefined;
  /** The balance on screen; `lastKnown` when the platform could not be asked (with its time). */
  balance?: { shown: ProgrammeBalance; at: number; lastKnown: boolean } | undefined;
  notice?: Notice | undefined;
  /** The last award or redemption made here, which 取消 undoes. */
  last?: { operationId: string; kind: 'award' | 'redeem'; points: number } | undefined;
  /** A redemption whose answer was lost: sent again with the same id, it cannot take twice. */
  unsure?: RedeemPoints | undefined;
  /** An award waiting in the queue: its answer is shown here when it comes. */
  queuedAward?: string | undefined;
}
