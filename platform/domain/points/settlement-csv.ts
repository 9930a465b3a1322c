import type { Settlement } from '../../../core/api/settlement';
import { csvOf } from '../../../core/csv';

/** Each kind of line in Japanese and English, as the CSV and the CLI print it. */
export const SETTLEMENT_KIND_NAMES: Record<Settlement['lines'][number]['kind'], string> = {
  awarded: '付与 / awarded',
  redeemed: '利用 / redeemed',
  converted: '変換 / converted',
  premium: 'プレミアム / premium',
  expired: '失効 / expired',
  held: '残高の増減 / held',
};

/**
 * A settlement as CSV (core/csv.ts: for Excel in Japanese offices), Japanese and English headers.
 * Made only from the stored settlement, so an export made again is the same, byte for byte.
 */
export function settlementCsv(settlement: Settlement): string {
  return csvOf([
    ['精算 / settlement', settlement.programmeCode, settlement.programmeName, settlement.period],
    ['締め日 / closed on', settlement.closedOn, '', ''],
    ['区分 / kind', '相手コード / party', '相手 / name', 'ポイント / points'],
    ...settlement.lines.map((line) => [
      SETTLEMENT_KIND_NAMES[line.kind],
      line.partyCode ?? '',
      line.partyName ?? '',
      line.points,
    ]),
    ['合計 / total', '', '', settlement.total],
  ]);
}
