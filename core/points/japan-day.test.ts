import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reached } from '../../tests/support/reach';
import { addDays, japanDay } from './japan-day';

const DAY_MS = 86_400_000;

describe('the day in Japan', () => {
  it('turns at midnight in Tokyo (15:00 UTC), whatever the server’s time zone', () => {
    expect(japanDay(new Date('2026-12-31T14:59:59.999Z'))).toBe('2026-12-31');
    expect(japanDay(new Date('2026-12-31T15:00:00.000Z'))).toBe('2027-01-01');
    // Early morning in Japan is still the previous day in UTC.
    expect(japanDay(new Date('2027-03-31T16:30:00Z'))).toBe('2027-04-01');
    expect(japanDay(new Date('2028-02-28T15:00:00Z'))).toBe('2028-02-29');
  });

  it('is written YYYY-MM-DD with a four-digit year and zero-padded month and day', () => {
    expect(japanDay(new Date('2026-01-04T00:00:00Z'))).toBe('2026-01-04');
  });

  it('is today’s day in Japan when no moment is given', () => {
    const before = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const day = japanDay();
    const after = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    expect([before, after]).toContain(day);
  });

  it('is the UTC day of the moment nine hours later, for any moment (Japan has no summer time)', () => {
    const reach = reached({ 'compared with UTC+9': 1_000, 'on a day other than the UTC day': 300 });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const expected = new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
        reach.hit('compared with UTC+9');
        if (expected !== new Date(ms).toISOString().slice(0, 10))
          reach.hit('on a day other than the UTC day');
        expect(japanDay(new Date(ms))).toBe(expected);
      }),
      { numRuns: 1_000 },
    );
    reach.check();
  });
});

describe('adding days to a day', () => {
  it('crosses month, year and leap-day boundaries, forwards and backwards', () => {
    expect(addDays('2026-12-03', 0)).toBe('2026-12-03');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-12-03', 90)).toBe('2027-03-03');
    expect(addDays('2026-12-03', -90)).toBe('2026-09-04');
  });

  it('moves by exactly n calendar days and back again, for any day and any n', () => {
    const reach = reached({ 'moved and back': 1_000, 'into another month': 500 });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / DAY_MS, max: Date.UTC(2090, 0, 1) / DAY_MS }),
        fc.integer({ min: -800, max: 800 }),
        (epochDay, n) => {
          const day = new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
          const later = addDays(day, n);
          reach.hit('moved and back');
          if (later.slice(0, 7) !== day.slice(0, 7)) reach.hit('into another month');
          expect(later).toBe(new Date((epochDay + n) * DAY_MS).toISOString().slice(0, 10));
          expect(addDays(later, -n)).toBe(day);
        },
      ),
      { numRuns: 1_000 },
    );
    reach.check();
  });
});
