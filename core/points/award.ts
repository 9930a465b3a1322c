/**
 * How many points an award gives. A purchase gives one point per `yenPerPoint` yen, whole points
 * only (the source: 「1ポイントから利用可能」, points are whole); a named activity gives its fixed
 * number. A person's awards in one programme on one day stop at its daily cap: an award over it
 * gives what is left under the cap, and says so.
 */
export function pointsForPurchase(purchaseYen: number, yenPerPoint: number): number {
  if (yenPerPoint <= 0) return 0;
  return Math.floor(purchaseYen / yenPerPoint);
}

export interface CappedAward {
  /** What is awarded now (0 when the cap was already reached). */
  points: number;
  /** True when the cap cut the award short. */
  capped: boolean;
}

export function capAward(requested: number, awardedToday: number, dailyCap: number): CappedAward {
  const room = Math.max(0, dailyCap - awardedToday);
  return requested <= room ? { points: requested, capped: false } : { points: room, capped: true };
}
