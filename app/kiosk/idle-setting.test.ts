import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_SECONDS, idleSecondsFrom } from './idle-setting';

describe('the kiosk idle time from its address', () => {
  it('is 60 seconds when the address does not set it', () => {
    expect(idleSecondsFrom('?mode=kiosk')).toBe(60);
    expect(DEFAULT_IDLE_SECONDS).toBe(60);
  });

  it('takes a whole number of seconds from 1 to 3600', () => {
    expect(idleSecondsFrom('?mode=kiosk&idle=4')).toBe(4);
    expect(idleSecondsFrom('?idle=90')).toBe(90);
    expect(idleSecondsFrom('?idle=3600')).toBe(3600);
  });

  it('falls back to 60 seconds on a value that would break the countdown', () => {
    for (const bad of ['', 'abc', '6O', '0', '-5', '1.5', '1e3', 'Infinity', '3601', '99999']) {
      expect(idleSecondsFrom(`?idle=${encodeURIComponent(bad)}`), bad).toBe(60);
    }
  });
});
