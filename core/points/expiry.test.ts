import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reached } from '../../tests/support/reach';
import { capAward, pointsForPurchase } from './award';
import { expiresOn, formatExpiryRule, parseExpiryRule } from './expiry';
import { retentionDays, STATEMENT_DAYS } from './retention';

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
    const reach = reached({ 'checked an expiry': 2_000, 'across a year end': 1_000 });
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 120 }),
        (date, months) => {
          const day = date.toISOString().slice(0, 10);
          const end = expiresOn(day, { kind: 'monthsAfter', months });
          reach.hit('checked an expiry');
          if (end.slice(0, 4) !== day.slice(0, 4)) reach.hit('across a year end');
          expect(end > day).toBe(true);
          const next = new Date(`${end}T00:00:00Z`);
          next.setUTCDate(next.getUTCDate() + 1);
          expect(next.getUTCDate()).toBe(1);
          // Exactly `months` months after the award's month, whatever the month or year.
          const monthsBetween =
            (Number(end.slice(0, 4)) - Number(day.slice(0, 4))) * 12 +
            Number(end.slice(5, 7)) -
            Number(day.slice(5, 7));
          expect(monthsBetween).toBe(months);
        },
      ),
      { numRuns: 2_000 },
    );
    reach.check();
  });

  it('refuses a day that is not exactly YYYY-MM-DD', () => {
    for (const day of ['2026-11-26x', 'x2026-11-26', '2026-11-2', '26-11-26', ''])
      expect(() => expiresOn(day, { kind: 'monthsAfter', months: 1 }), day).toThrow(
        new RangeError(`not a YYYY-MM-DD day: ${day}`),
      );
  });

  it('reads each rule as what it says, up to 120 months', () => {
    expect(parseExpiryRule('fiscal-year-end')).toEqual({ kind: 'fiscalYearEnd' });
    expect(parseExpiryRule('months:24')).toEqual({ kind: 'monthsAfter', months: 24 });
    expect(parseExpiryRule('months:1')).toEqual({ kind: 'monthsAfter', months: 1 });
    expect(parseExpiryRule('months:120')).toEqual({ kind: 'monthsAfter', months: 120 });
    for (const text of [
      'xmonths:24',
      'months:24x',
      ' months:24',
      'months:0024',
      'fiscal-year-end ',
    ])
      expect(parseExpiryRule(text), text).toBeUndefined();
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

  it('gives an award that exactly fills the cap in full, not cut short', () => {
    expect(capAward(20, 80, 100)).toEqual({ points: 20, capped: false });
    expect(capAward(100, 0, 100)).toEqual({ points: 100, capped: false });
    expect(capAward(21, 80, 100)).toEqual({ points: 20, capped: true });
  });
});

describe('how long a person’s entries are kept', () => {
  it('for the statement’s 90 days, or the cancel window if that is longer', () => {
    expect(STATEMENT_DAYS).toBe(90);
    expect(retentionDays(0)).toBe(90);
    expect(retentionDays(30)).toBe(90);
    expect(retentionDays(90)).toBe(90);
    expect(retentionDays(91)).toBe(91);
    expect(retentionDays(365)).toBe(365);
  });
});
