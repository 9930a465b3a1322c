import type { OperationResult } from '../../core/api/sync';

/**
 * What screens loaded later (ポイント, in its own chunk) do when a card lands on them or leaves,
 * and when the queue's answers come: they register here when they load, so the first load carries
 * none of them.
 */
export const lateScreens: {
  pointsCard?: () => void;
  /** A card left a reader (its name): the points screen forgets a customer whose card left. */
  pointsCardGone?: (reader: string) => void;
  pointsResults?: (results: OperationResult[]) => void;
} = {};
