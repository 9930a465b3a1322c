import {
  ANALYTICS_WEEKS_DEFAULT,
  type ShopAnalytics,
  type WeekRow,
} from '../../../core/api/shop-analytics';
import { addDays } from '../../../core/points/japan-day';
import { LOOKBACK_WEEKS } from '../../../core/points/retention';
import {
  MIN_PEOPLE,
  type PublishedWeekRow,
  publishWeek,
  type StreetCounts,
  type WeekCounts,
} from '../../../core/points/shop-analytics';
import { fail, ok, type Result } from '../../../core/result';
import type { Database, Queryable } from '../../store/database';

/** The Monday of a day's week (Japan's shops count weeks from Monday). */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * The weekly job (顧客分析): counts every programme's weeks that have ended and are not counted yet,
 * and stores them as published (nothing about fewer than ten people). It must run before compaction
 * folds the entries a week's lookback needs; the daily job runs it first. Returns the weeks counted.
 */
export async function countShopWeeks(db: Database, today: string): Promise<number> {
  const lastWeek = addDays(weekOf(today), -7);
  const programmes = await db.query<{ code: string; next: string | null }>(
    `SELECT p.code, coalesce(
       (SELECT (max(week_start) + 7)::text FROM point_shop_weeks w WHERE w.programme_code = p.code),
       (SELECT min(occurred_on)::text FROM point_movements m
        WHERE m.programme_code = p.code AND m.kind IN ('award', 'redeem'))) AS next
     FROM point_programmes p ORDER BY p.code`,
  );
  let counted = 0;
  for (const programme of programmes) {
    if (programme.next === null) continue;
    for (let week = weekOf(programme.next); week <= lastWeek; week = addDays(week, 7)) {
      await countWeek(db, programme.code, week);
      counted += 1;
    }
  }
  return counted;
}

async function countWeek(db: Database, programmeCode: string, week: string): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query<{
      provider_code: string;
      customers: number;
      repeat_customers: number;
      other_shop_customers: number;
      points_awarded: string;
      points_redeemed: string;
      awarded_people: number;
      redeemed_people: number;
      small_shop_people: number;
      small_award_people: number;
      small_redeem_people: number;
    }>('SELECT * FROM point_week_counts($1, $2::date, $3, $4)', [
      programmeCode,
      week,
      LOOKBACK_WEEKS,
      MIN_PEOPLE,
    ]);
    const counts = rows.map(
      (row): WeekCounts => ({
        providerCode: row.provider_code,
        customers: row.customers,
        repeatCustomers: row.repeat_customers,
        otherShopCustomers: row.other_shop_customers,
        pointsAwarded: Number(row.points_awarded),
        pointsRedeemed: Number(row.points_redeemed),
        awardedPeople: row.awarded_people,
        redeemedPeople: row.redeemed_people,
        smallShopPeople: row.small_shop_people,
        smallAwardPeople: row.small_award_people,
        smallRedeemPeople: row.small_redeem_people,
      }),
    );
    const street = counts.find((c) => c.providerCode === '') as StreetCounts;
    const shops: WeekCounts[] = counts.filter((c) => c.providerCode !== '');
    for (const row of publishWeek(street, shops))
      await tx.query(
        `INSERT INTO point_shop_weeks (programme_code, week_start, provider_code, customers,
           new_customers, repeat_customers, other_shop_customers, points_awarded, points_redeemed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [
          programmeCode,
          week,
          row.providerCode,
          row.customers,
          row.newCustomers,
          row.repeatCustomers,
          row.otherShopCustomers,
          row.pointsAwarded,
          row.pointsRedeemed,
        ],
      );
  });
}

/**
 * A programme's last `weeks` counted weeks as a provider may see them: the programme's owner (the
 * street's association) every shop, a shop of the programme its own row; anyone else nothing.
 */
export async function shopAnalytics(
  db: Queryable,
  viewer: { providerCode: string } | 'operator',
  programmeCode: string,
  weeks = ANALYTICS_WEEKS_DEFAULT,
): Promise<Result<ShopAnalytics>> {
  const [programme] = await db.query<{ name: string; owner: string | null; shop: boolean }>(
    `SELECT p.name, p.owner_provider_code AS owner,
       EXISTS (SELECT 1 FROM point_participants pp
               WHERE pp.programme_code = p.code AND pp.provider_code = $2) AS shop
     FROM point_programmes p WHERE p.code = $1`,
    [programmeCode, viewer === 'operator' ? '' : viewer.providerCode],
  );
  if (programme === undefined) return fail('PROGRAMME_NOT_FOUND');
  const whole = viewer === 'operator' || viewer.providerCode === programme.owner;
  if (!whole && !programme.shop) return fail('ANALYTICS_NOT_ALLOWED');
  const rows = await db.query<{
    week_start: string;
    provider_code: string;
    provider_name: string | null;
    customers: number | null;
    new_customers: number | null;
    repeat_customers: number | null;
    other_shop_customers: number | null;
    points_awarded: string | null;
    points_redeemed: string | null;
  }>(
    `SELECT w.week_start::text, w.provider_code, pr.name AS provider_name, w.customers,
       w.new_customers, w.repeat_customers, w.other_shop_customers, w.points_awarded,
       w.points_redeemed
     FROM point_shop_weeks w LEFT JOIN providers pr ON pr.code = w.provider_code
     WHERE w.programme_code = $1
       AND w.week_start >= (SELECT max(week_start) FROM point_shop_weeks WHERE programme_code = $1) - 7 * ($2::int - 1)
       AND (w.provider_code = '' OR $3 OR w.provider_code = $4)
     ORDER BY w.week_start, w.provider_code`,
    [programmeCode, weeks, whole, viewer === 'operator' ? '' : viewer.providerCode],
  );
  const byWeek = new Map<string, ShopAnalytics['weeks'][number]>();
  for (const row of rows) {
    const published: WeekRow = {
      providerCode: row.provider_code,
      providerName: row.provider_code === '' ? programme.name : (row.provider_name ?? ''),
      customers: row.customers,
      newCustomers: row.new_customers,
      repeatCustomers: row.repeat_customers,
      otherShopCustomers: row.other_shop_customers,
      pointsAwarded: row.points_awarded === null ? null : Number(row.points_awarded),
      pointsRedeemed: row.points_redeemed === null ? null : Number(row.points_redeemed),
    } satisfies PublishedWeekRow & { providerName: string };
    const week = byWeek.get(row.week_start) ?? {
      weekStart: row.week_start,
      street: published,
      shops: [],
    };
    if (row.provider_code === '') week.street = published;
    else week.shops.push(published);
    byWeek.set(row.week_start, week);
  }
  return ok({
    programmeCode,
    programmeName: programme.name,
    scope: whole ? 'street' : 'shop',
    minPeople: MIN_PEOPLE,
    weeks: [...byWeek.values()],
  });
}
