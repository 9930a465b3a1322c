/**
 * When awarded points expire. The source leaves it to each programme; the systems that ran used
 * "the end of the month N months after the award" (自治体ポイント: 24 months was common) or the end of
 * the fiscal year (行政ポイント of a year's budget). Dates are calendar days in Japan (YYYY-MM-DD);
 * a point is usable through its expiry day and expired from the next.
 */
export type ExpiryRule = { kind: 'monthsAfter'; months: number } | { kind: 'fiscalYearEnd' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): { year: number; month: number } {
  const match = DATE.exec(day);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month (month 1–12, any year). */
function lastDayOf(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

/** The last day a point awarded on `awardedOn` can be used. */
export function expiresOn(awardedOn: string, rule: ExpiryRule): string {
  const { year, month } = parts(awardedOn);
  if (rule.kind === 'fiscalYearEnd') {
    // Japan's fiscal year runs from 1 April to 31 March.
    return `${month >= 4 ? year + 1 : year}-03-31`;
  }
  const months = year * 12 + (month - 1) + rule.months;
  return lastDayOf(Math.floor(months / 12), (months % 12) + 1);
}

/** The rule as the database and the CLI write it: `months:24` or `fiscal-year-end`. */
export function formatExpiryRule(rule: ExpiryRule): string {
  return rule.kind === 'fiscalYearEnd' ? 'fiscal-year-end' : `months:${rule.months}`;
}

/** The rule from its text form; undefined for anything else (1–120 months). */
export function parseExpiryRule(text: string): ExpiryRule | undefined {
  if (text === 'fiscal-year-end') return { kind: 'fiscalYearEnd' };
  const match = /^months:(\d{1,3})$/.exec(text);
  const months = Number(match?.[1]);
  return match !== null && months >= 1 && months <= 120
    ? { kind: 'monthsAfter', months }
    : undefined;
}
