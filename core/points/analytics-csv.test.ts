import { describe, expect, it } from 'vitest';
import type { ShopAnalytics } from '../api/shop-analytics';
import { csvOf } from '../csv';
import { analyticsCsv } from './analytics-csv';

const row = (providerCode: string, providerName: string, customers: number | null) => ({
  providerCode,
  providerName,
  customers,
  newCustomers: null,
  repeatCustomers: customers,
  otherShopCustomers: null,
  pointsAwarded: customers === null ? null : 120,
  pointsRedeemed: customers === null ? null : 0,
});

describe('CSV for Excel', () => {
  it('starts with a byte-order mark, ends lines with CRLF, quotes only what needs it', () => {
    expect(csvOf([['a,b', 'say "hi"', 3, null], ['x']])).toBe(
      '\uFEFF"a,b","say ""hi""",3,\r\nx\r\n',
    );
  });

  it('never lets a name run as a formula', () => {
    expect(csvOf([['=HYPERLINK("x")', '+1', '-2', '@a', -5]])).toBe(
      `\uFEFF"'=HYPERLINK(""x"")",'+1,'-2,'@a,-5\r\n`,
    );
  });

  it('gives each week the street first, then its shops, with suppressed cells blank', () => {
    const analytics: ShopAnalytics = {
      programmeCode: 'A-P002',
      programmeName: '○○商店街ポイント',
      scope: 'street',
      minPeople: 10,
      weeks: [
        {
          weekStart: '2027-03-01',
          street: row('', '○○商店街ポイント', 31),
          shops: [row('s1', '八百屋', 25), row('s2', '本屋', null)],
        },
      ],
    };
    const lines = analyticsCsv(analytics).split('\r\n');
    expect(lines[2]).toBe('2027-03-01,,商店街全体 / whole street (○○商店街ポイント),31,,31,,120,0');
    expect(lines[3]).toBe('2027-03-01,s1,八百屋,25,,25,,120,0');
    expect(lines[4]).toBe('2027-03-01,s2,本屋,,,,,,');
    expect(lines[5]).toMatch(/^空欄は10人未満/);
  });
});
