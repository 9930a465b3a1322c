import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type Partner, partnerSchema } from '../../core/api/partners';
import {
  type Programme,
  type ProgrammeTotals,
  programmeSchema,
} from '../../core/api/point-programmes';
import type { Settlement } from '../../core/api/settlement';
import type { ShopAnalytics, WeekRow } from '../../core/api/shop-analytics';
import { SETTLEMENT_KIND_NAMES } from '../domain/points/settlement-csv';

/**
 * The operator's points commands, as text: a programme written as JSON (the same shape as the
 * admin API's), one line per programme, and the totals that must add up.
 */

/** A JSON file checked against one of the API's schemas; every problem named with its path. */
export async function readJsonFile<T>(
  file: string,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; problems: string[] }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`${file}: ${(error as Error).message}`] };
  }
  const checked = schema.safeParse(parsed);
  if (checked.success) return { ok: true, value: checked.data };
  return {
    ok: false,
    problems: checked.error.issues.map(
      (i) => `${i.path.join('.') || '(全体 / whole)'}: ${i.message}`,
    ),
  };
}

/** A programme file (the admin API's shape). */
export const readProgrammeFile = (file: string) => readJsonFile(file, programmeSchema);

/** A partner file (the admin API's shape). */
export const readPartnerFile = (file: string) => readJsonFile(file, partnerSchema);

export function partnerLines(partners: Partner[]): string {
  if (partners.length === 0) return '提携企業はありません / no partners';
  return partners
    .map(
      (p) =>
        `${p.providerCode}  ID連携 / link ${p.serviceCode}; ${p.ratePer}pt → ${p.ratePoints}pt; 1日上限 / daily cap ${p.dailyCapPerson} (1人 / per person), ${p.dailyCapPartner} (全体 / in all); 留保 / held ${p.holdingDays} 日 days`,
    )
    .join('\n');
}

export function programmeLines(programmes: Programme[]): string {
  if (programmes.length === 0) return 'ポイント制度はありません / no points programmes';
  return programmes
    .map((p) => {
      const owner =
        p.kind === 'municipal' ? '自治体ポイント' : `運営 / owner ${p.ownerProviderCode}`;
      const rate =
        p.yenPerPoint > 0
          ? `${p.yenPerPoint}円で1pt / 1 pt per ${p.yenPerPoint} yen`
          : '購入付与なし / no purchase awards';
      const who = p.participants
        .map(
          (x) =>
            `${x.providerCode}(${x.mayAward ? '付与' : ''}${x.mayAward && x.mayRedeem ? '・' : ''}${x.mayRedeem ? '利用' : ''})`,
        )
        .join(' ');
      const fixed = p.fixedAwards.map((f) => `    ${f.code}  ${f.points}pt  ${f.name}`);
      return [
        `${p.code}  ${p.name}  [${p.municipalityCode}, ${owner}]`,
        `    ${rate}; 有効期限 / expiry ${p.expiryRule}; 1日上限 / daily cap ${p.dailyCap}; 取消 / cancel ${p.cancelDays} 日 days${p.premiumPercent > 0 ? `; 変換プレミアム / premium ${p.premiumPercent}%` : ''}`,
        `    参加 / participants: ${who || '—'}`,
        ...fixed,
      ].join('\n');
    })
    .join('\n');
}

export function totalsLine(t: ProgrammeTotals): string {
  return `${t.code}: 発行 / issued ${t.issued} + 変換 / converted ${t.converted} = 利用 / redeemed ${t.redeemed} + 失効 / expired ${t.expired} + 残高 / outstanding ${t.outstanding}`;
}

export function settlementLines(s: Settlement): string {
  return [
    `${s.programmeCode} ${s.programmeName} ${s.period} (締め日 / closed on ${s.closedOn})`,
    ...s.lines.map(
      (line) =>
        `    ${SETTLEMENT_KIND_NAMES[line.kind]}  ${line.partyCode === undefined ? '' : `${line.partyCode} ${line.partyName ?? ''}  `}${line.points}`,
    ),
    `    合計 / total  ${s.total}`,
  ].join('\n');
}

/** 顧客分析 as the CLI prints it: a line per week and shop; a hidden figure is —. */
export function analyticsLines(a: ShopAnalytics): string {
  const shown = (n: number | null) => (n === null ? '—' : String(n));
  const row = (r: WeekRow) =>
    `    ${r.providerCode === '' ? '商店街全体 / street' : `${r.providerCode} ${r.providerName}`}  ` +
    `客数 ${shown(r.customers)}  新規 ${shown(r.newCustomers)}  リピーター ${shown(r.repeatCustomers)}  ` +
    `他店も ${shown(r.otherShopCustomers)}  付与 ${shown(r.pointsAwarded)}  利用 ${shown(r.pointsRedeemed)}`;
  if (a.weeks.length === 0)
    return `${a.programmeCode} ${a.programmeName}: 集計された週はまだありません / no week counted yet`;
  return [
    `${a.programmeCode} ${a.programmeName} (— は${a.minPeople}人未満 / hidden: fewer than ${a.minPeople} people)`,
    ...a.weeks.flatMap((w) => [`  ${w.weekStart}〜`, row(w.street), ...w.shops.map(row)]),
  ].join('\n');
}
