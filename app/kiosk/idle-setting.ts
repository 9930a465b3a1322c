/** The kiosk's idle time when none is set: the 60 seconds. */
export const DEFAULT_IDLE_SECONDS = 60;

/**
 * The idle time from the kiosk's address (`?idle=seconds`). Anything that is not a whole number of
 * seconds from 1 to 3600 falls back to the default: a typo such as `idle=6O` must not leave a kiosk
 * that warns at once on every touch (NaN) or never clears a citizen's screen (Infinity).
 */
export function idleSecondsFrom(search: string): number {
  const typed = new URLSearchParams(search).get('idle')?.trim();
  if (typed === undefined || !/^\d{1,4}$/.test(typed)) return DEFAULT_IDLE_SECONDS;
  const seconds = Number(typed);
  return seconds >= 1 && seconds <= 3600 ? seconds : DEFAULT_IDLE_SECONDS;
}
