/**
 * How long the platform keeps a person's own points entries (the day, the shop, the amount):
 * for their statement at the kiosk, and for the programme's cancel window if that is longer. After
 * that, and once the entry's month is settled, compaction folds it into the account's carried
 * figure and the lots' amounts and expiries, and deletes it.
 */
export const STATEMENT_DAYS = 90;

/** The days a programme's entries are kept: its statement days, or its cancel window if longer. */
export function retentionDays(cancelDays: number): number {
  return Math.max(STATEMENT_DAYS, cancelDays);
}

/**
 * Shop analytics compare a week with the twelve before it (リピーター: seen at the shop in those
 * weeks). A week is counted as soon as it ends, so its lookback (12 × 7 + 6 days before its last
 * day) is still within the kept entries.
 */
export const LOOKBACK_WEEKS = 12;
