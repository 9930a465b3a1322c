import { describe, expect, it } from 'vitest';
import { addDays } from '../../core/points/japan-day';
import { STATEMENT_DAYS } from '../../core/points/retention';
import { compactLedger } from '../../platform/domain/points/compaction';
import { placeDueHoldings } from '../../platform/domain/points/conversions';
import { expirePoints } from '../../platform/domain/points/expiry';
import { putPartner } from '../../platform/domain/points/partners';
import { programmeTotals, putProgramme } from '../../platform/domain/points/programmes';
import { closePeriod, readSettlement } from '../../platform/domain/points/settlement';
import { settlementCsv } from '../../platform/domain/points/settlement-csv';
import { countShopWeeks, shopAnalytics } from '../../platform/domain/points/shop-weeks';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';

/**
 * The promise of issue 15, kept by construction: after a year of awards, redemptions, cancels,
 * conversions and placings at many shops, with the months closed and the daily jobs run, no table
 * links a My Key ID to a shop or a day older than the retention window, and compaction changed no
 * balance, no total and no settlement. Driven through the database functions the API calls, a day
 * at a time, so a year takes seconds.
 */

const START = '2027-01-01';
const END = '2027-12-31';
const SHOPS = ['s1', 's2', 's3', 's4', 's5', 's6'];
const PEOPLE = 60;
const MUNICIPAL = 'A-P001';
const STREET = 'A-P002';

/** A small seeded generator (mulberry32): the same year every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const person = (i: number) => `Y${String(i).padStart(13, '0')}`;

async function setUp(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO municipalities VALUES ('A', 'A市');
    INSERT INTO providers (code, municipality_code, name) VALUES ('kumiai', 'A', '○○商店街振興組合'),
      ${SHOPS.map((s) => `('${s}', 'A', '店${s}')`).join(', ')}, ('card1', 'A', 'カード会社');
    INSERT INTO services VALUES ('A-card1-0001', 'card1', 'カード会員');
  `);
  for (const [code, kind, participants] of [
    [MUNICIPAL, 'municipal', SHOPS.slice(0, 3)],
    [STREET, 'provider', SHOPS],
  ] as const) {
    const put = await putProgramme(db, {
      code,
      name: code === MUNICIPAL ? 'A市ポイント' : '○○商店街ポイント',
      kind,
      municipalityCode: 'A',
      ...(kind === 'provider' ? { ownerProviderCode: 'kumiai' } : {}),
      yenPerPoint: 100,
      expiryRule: 'months:6',
      dailyCap: 300,
      cancelDays: 30,
      premiumPercent: kind === 'municipal' ? 10 : 0,
      participants: participants.map((providerCode) => ({
        providerCode,
        mayAward: kind === 'provider',
        mayRedeem: true,
      })),
      fixedAwards: [],
    });
    expect(put.ok).toBe(true);
  }
  const partner = await putPartner(db, {
    providerCode: 'card1',
    serviceCode: 'A-card1-0001',
    ratePoints: 1,
    ratePer: 2,
    dailyCapPerson: 5000,
    dailyCapPartner: 1_000_000,
    holdingDays: 14,
  });
  expect(partner.ok).toBe(true);
  for (let i = 0; i < PEOPLE; i += 1) {
    await db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [person(i)]);
    // Half link their card account (ID連携); all but two of those chose a default municipality.
    if (i % 2 === 0)
      await db.query(`INSERT INTO links VALUES ($1, 'A-card1-0001', $2)`, [person(i), `C${i}`]);
    if (i % 2 === 0 && i >= 4)
      await db.query(`INSERT INTO holder_settings VALUES ($1, 'A')`, [person(i)]);
  }
}

/** Everything compaction must not change: balances, totals, settlements, analytics. */
async function figures(
  db: Database,
  closed: string[],
): Promise<{ balances: unknown; totals: unknown; settlements: string[]; analytics: unknown }> {
  const balances = await db.query(
    `SELECT a.my_key_id, a.kind, a.programme_code, a.balance,
       (SELECT coalesce(sum(remaining), 0) FROM point_lots l WHERE l.account_id = a.id) AS in_lots
     FROM point_accounts a WHERE a.my_key_id IS NOT NULL ORDER BY a.id`,
  );
  const totals = [await programmeTotals(db, MUNICIPAL), await programmeTotals(db, STREET)];
  const settlements: string[] = [];
  for (const key of closed) {
    const [code = '', period = ''] = key.split(' ');
    const settlement = await readSettlement(db, code, period);
    if (!settlement.ok) throw new Error(`${key} is not closed`);
    settlements.push(settlementCsv(settlement.value));
  }
  const analytics = await shopAnalytics(db, 'operator', STREET, 53);
  return { balances, totals, settlements, analytics };
}

describe.each(databaseKinds())('a year of points on %s leaves no personal history', (kind) => {
  it('folds every entry past the window, and changes no balance, total or settlement', async () => {
    const db = await openTestDatabase(kind);
    await setUp(db);
    const next = random(2027);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    // Most customers shop at s1 and s2; s6 is quiet (its weeks are suppressed).
    const shopFor = () =>
      next() < 0.01 ? 's6' : pick(['s1', 's1', 's1', 's2', 's2', 's3', 's4', 's5']);
    const recent: { key: string; day: string }[] = [];
    const closed: string[] = [];
    let operations = 0;
    let folded = 0;
    let seq = 0;

    for (let day = START; day <= END; day = addDays(day, 1)) {
      if (day.endsWith('-01') && day !== START) {
        const period = addDays(day, -1).slice(0, 7);
        for (const code of [MUNICIPAL, STREET]) {
          const result = await closePeriod(db, code, period, day);
          expect(result.ok, `${code} ${period}`).toBe(true);
          closed.push(`${code} ${period}`);
        }
      }
      for (let i = 0; i < PEOPLE; i += 1) {
        const who = person(i);
        const roll = next();
        const key = `k${++seq}`;
        if (roll < 0.25) {
          await db.query(`SELECT point_award($1, $2, $3, $4, NULL, $5::date, $6)`, [
            STREET,
            shopFor(),
            who,
            200 + Math.floor(next() * 5000),
            day,
            key,
          ]);
          recent.push({ key, day });
        } else if (roll < 0.37) {
          await db.query(`SELECT point_redeem($1, $2, $3, $4, $5::date, $6)`, [
            next() < 0.7 ? STREET : MUNICIPAL,
            pick(SHOPS.slice(0, 3)),
            who,
            1 + Math.floor(next() * 40),
            day,
            key,
          ]);
          recent.push({ key, day });
        } else if (roll < 0.38 && recent.length > 0) {
          // 取消 of something recent, inside the window or just past it.
          await db.query(`SELECT point_cancel($1, $2::date)`, [pick(recent.slice(-200)).key, day]);
        } else if (roll < 0.41 && i % 2 === 0) {
          await db.query(`SELECT point_convert('card1', $1, 'mac', $2, $3, $4::date)`, [
            key,
            `C${i}`,
            100 + Math.floor(next() * 2000),
            day,
          ]);
        } else if (roll < 0.42) {
          // 自治体の選択 at the kiosk (refused when nothing is held).
          await db.query(`SELECT point_place($1, 'A', $2::date, NULL)`, [who, day]);
        } else continue;
        operations += 1;
      }
      await expirePoints(db, day);
      await placeDueHoldings(db, day);
      await countShopWeeks(db, day);
      // Weekly, compaction, proved to change nothing anyone can see.
      if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) {
        const before = await figures(db, closed);
        folded += await compactLedger(db, day);
        expect(await figures(db, closed)).toEqual(before);
      }
    }
    const today = END;
    folded += await compactLedger(db, today);
    expect(operations).toBeGreaterThan(8000);
    expect(folded).toBeGreaterThan(5000);

    const cut = addDays(today, -STATEMENT_DAYS);
    // Every entry of a person's account is the retention window's, but for points converted by the
    // two people with no default municipality, which wait (with their partner and day) until they
    // choose one.
    const old = await db.query<{ my_key_id: string; kind: string; provider_code: string | null }>(
      `SELECT a.my_key_id, m.kind, m.provider_code FROM point_entries e
       JOIN point_accounts a ON a.id = e.account_id AND a.my_key_id IS NOT NULL
       JOIN point_movements m ON m.id = e.movement_id
       WHERE m.occurred_on < $1::date`,
      [cut],
    );
    for (const row of old) {
      expect(row.kind).toBe('convert');
      expect([person(0), person(2)]).toContain(row.my_key_id);
    }
    const waiting = await db.query<{ remaining: number }>(
      `SELECT l.remaining FROM point_lots l
       JOIN point_movements m ON m.id = l.award_movement_id
       WHERE m.occurred_on < $1::date`,
      [cut],
    );
    for (const lot of waiting) expect(lot.remaining).toBeGreaterThan(0);
    // No movement older than the window but those, nor any lot that names an old award: a folded lot
    // keeps its account, amount and expiry (a month's end) only.
    const movements = await db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM point_movements WHERE occurred_on < $1::date GROUP BY kind`,
      [cut],
    );
    expect(movements.map((m) => m.kind)).toEqual(old.length > 0 ? ['convert'] : []);
    const folds = await db.query<{ expires_on: string; kind: string }>(
      `SELECT l.expires_on::text, a.kind FROM point_lots l
       JOIN point_accounts a ON a.id = l.account_id WHERE l.award_movement_id IS NULL`,
    );
    expect(folds.length).toBeGreaterThan(20);
    for (const lot of folds) {
      expect(lot.kind).toBe('holder');
      expect(addDays(lot.expires_on, 1).endsWith('-01')).toBe(true);
    }

    // The ledger still balances: every movement, and all the entries with what was carried.
    const [sums] = await db.query<{ unbalanced: number; total: string; drifted: number }>(
      `SELECT
         (SELECT count(*)::int FROM (SELECT 1 FROM point_entries GROUP BY movement_id
            HAVING sum(amount) <> 0) u) AS unbalanced,
         (SELECT coalesce(sum(amount), 0) FROM point_entries)
           + (SELECT coalesce(sum(points), 0) FROM point_carried) AS total,
         (SELECT count(*)::int FROM point_accounts a WHERE a.kind IN ('holder', 'holding')
            AND a.balance <> (SELECT coalesce(sum(amount), 0) FROM point_entries WHERE account_id = a.id)
              + (SELECT coalesce(sum(points), 0) FROM point_carried WHERE account_id = a.id)) AS drifted`,
    );
    expect({ ...sums, total: Number(sums?.total) }).toEqual({
      unbalanced: 0,
      total: 0,
      drifted: 0,
    });
    for (const code of [MUNICIPAL, STREET]) {
      const totals = await programmeTotals(db, code);
      if (!totals.ok) throw new Error(code);
      const t = totals.value;
      expect(t.issued + t.converted).toBe(t.redeemed + t.expired + t.outstanding);
      expect(t.redeemed).toBeGreaterThan(0);
    }

    // The exports and the analytics name no person; the analytics show busy weeks and hide quiet ones.
    const analytics = await shopAnalytics(db, 'operator', STREET, 53);
    if (!analytics.ok) throw new Error(analytics.code);
    const { settlements } = await figures(db, closed);
    const exported = JSON.stringify({ settlements, analytics: analytics.value });
    expect(settlements.length).toBe(22);
    for (let i = 0; i < PEOPLE; i += 1) expect(exported).not.toContain(person(i));
    const rows = analytics.value.weeks.flatMap((w) => w.shops);
    expect(analytics.value.weeks.length).toBeGreaterThan(40);
    expect(
      rows.filter((r) => r.providerCode === 's1' && r.customers !== null).length,
    ).toBeGreaterThan(40);
    // s6 is quiet: never shown, though it had customers in many weeks.
    expect(rows.filter((r) => r.providerCode === 's6' && r.customers !== null)).toEqual([]);
    expect(rows.filter((r) => r.providerCode === 's6').length).toBeGreaterThan(20);
    for (const r of rows) if (r.customers !== null) expect(r.customers).toBeGreaterThanOrEqual(10);
    await db.close();
  }, 300_000);
});
