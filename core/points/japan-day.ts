/**
 * The calendar day in Japan (YYYY-MM-DD) at a moment. Points are awarded, capped and expire by
 * Japan's day whatever the server's time zone; callers pass the day in, so tests can move it.
 */
const JAPAN_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function japanDay(at: Date = new Date()): string {
  return JAPAN_DAY.format(at);
}

/** The day `days` after (or before, if negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
