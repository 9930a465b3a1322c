import type { ShopAnalytics, WeekRow } from '../api/shop-analytics';
import { csvOf } from '../csv';

/**
 * 顧客分析 as CSV, one line per week and shop (the street's first, as 商店街全体): what the
 * association exports for its members' meeting. A suppressed cell stays empty, and the last line
 * says why, so a blank is never read as zero.
 */
export function analyticsCsv(analytics: ShopAnalytics): string {
  const line = (weekStart: string, row: WeekRow) => [
    weekStart,
    row.providerCode === '' ? '' : row.providerCode,
    row.providerCode === '' ? `商店街全体 / whole street (${row.providerName})` : row.providerName,
    row.customers,
    row.newCustomers,
    row.repeatCustomers,
    row.otherShopCustomers,
    row.pointsAwarded,
    row.pointsRedeemed,
  ];
  return csvOf([
    ['顧客分析 / shop analytics', analytics.programmeCode, analytics.programmeName],
    [
      '週の初日 / week of',
      '店舗コード / shop',
      '店舗 / name',
      '客数 / customers',
      '新規 / new',
      'リピーター / repeat',
      '他店も利用 / also other shops',
      '付与ポイント / awarded',
      '利用ポイント / redeemed',
    ],
    ...analytics.weeks.flatMap((week) => [
      line(week.weekStart, week.street),
      ...week.shops.map((shop) => line(week.weekStart, shop)),
    ]),
    [
      `空欄は${analytics.minPeople}人未満の集計、または差し引きで${analytics.minPeople}人未満の値が分かるため非表示 / blank: about fewer than ${analytics.minPeople} people (or would reveal such a figure by subtraction)`,
    ],
  ]);
}
