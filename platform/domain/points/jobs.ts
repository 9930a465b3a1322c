import type { Database } from '../../store/database';
import { compactLedger } from './compaction';
import { placeDueHoldings } from './conversions';
import { expirePoints } from './expiry';
import { countShopWeeks } from './shop-weeks';

/**
 * The points' hourly jobs, one after the other (each finds nothing to do when run again the same
 * day; hourly, so the day's work runs soon after midnight in Japan): 失効, then converted points
 * held past their days into the default municipality (基本自治体), then the shop analytics of the
 * week that ended, and last the compaction that may fold the entries those counted.
 */
export async function pointsJobs(db: Database, today: string): Promise<void> {
  await expirePoints(db, today);
  await placeDueHoldings(db, today);
  await countShopWeeks(db, today);
  await compactLedger(db, today);
}
