import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capAward, pointsForPurchase } from './award';
import { expiresOn, formatExpiryRule, parseExpiryRule } from './expiry';

describe('when points expire', () => {
  it('at the end of the month N months after the award', () => {
    expect(expiresOn('2026-11-26', { kind: 'monthsAfter', months: 24 })).toBe('2028-11-30');
    expect(expiresOn('2026-12-01', { kind: 'monthsAfter', months: 2 })).toBe('2027-02-28');
    expect(expiresOn('2027-12-31', { kind: 'monthsAfter', months: 2 })).toBe('2028-02-29');
    expect(expiresOn('2026-01-31', { kind: 'monthsAfter', months: 1 })).toBe('2026-02-28');
  });

  it('at the end of the fiscal year (31 March) the award falls in', () => {
    expect(expiresOn('2026-04-01', { kind: 'fiscalYearEnd' })).toBe('2027-03-31');
    expect(expiresOn('2027-03-31', { kind: 'fiscalYearEnd' })).toBe('2027-03-31');
    expect(expiresOn('2027-01-15', { kind: 'fiscalYearEnd' })).toBe('2027-03-31');
  });

  it('never before the award, and always on a month’s last day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 120 }),
        (date, months) => {
          const day = date.toISOString().slice(0, 10);
          const end = expiresOn(day, { kind: 'monthsAfter', months });
          expect(end > day).toBe(true);
          const next = new Date(`${end}T00:00:00Z`);
          next.setUTCDate(next.getUTCDate() + 1);
          expect(next.getUTCDate()).toBe(1);
        },
      ),
    );
  });

  it('reads and writes the rule as text, and refuses anything else', () => {
    for (const text of ['months:24', 'months:1', 'fiscal-year-end'])
      expect(formatExpiryRule(parseExpiryRule(text) ?? { kind: 'fiscalYearEnd' })).toBe(text);
    for (const text of ['months:0', 'months:121', 'months:-1', 'months:', 'year-end', ''])
      expect(parseExpiryRule(text)).toBeUndefined();
  });
});

describe('how many points an award gives', () => {
  it('one point per N yen of a purchase, whole points only', () => {
    expect(pointsForPurchase(1980, 100)).toBe(19);
    expect(pointsForPurchase(99, 100)).toBe(0);
    expect(pointsForPurchase(500, 0)).toBe(0);
  });

  it('stops at the daily cap and says when it cut the award short', () => {
    expect(capAward(30, 0, 100)).toEqual({ points: 30, capped: false });
    expect(capAward(30, 80, 100)).toEqual({ points: 20, capped: true });
    expect(capAward(30, 100, 100)).toEqual({ points: 0, capped: true });
    expect(capAward(30, 120, 100)).toEqual({ points: 0, capped: true });
  });
});
