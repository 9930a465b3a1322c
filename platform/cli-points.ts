import { readFile } from 'node:fs/promises';
import {
  type Programme,
  type ProgrammeTotals,
  programmeSchema,
} from '../core/api/point-programmes';

/**
 * The operator's points commands, as text: a programme written as JSON (the same shape as the
 * admin API's), one line per programme, and the totals that must add up.
 */

/** A programme file, checked against the API's schema; every problem named with its path. */
export async function readProgrammeFile(
  file: string,
): Promise<{ ok: true; programme: Programme } | { ok: false; problems: string[] }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`${file}: ${(error as Error).message}`] };
  }
  const checked = programmeSchema.safeParse(parsed);
  if (checked.success) return { ok: true, programme: checked.data };
  return {
    ok: false,
    problems: checked.error.issues.map(
      (i) => `${i.path.join('.') || '(全体 / whole)'}: ${i.message}`,
    ),
  };
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
        `    ${rate}; 有効期限 / expiry ${p.expiryRule}; 1日上限 / daily cap ${p.dailyCap}; 取消 / cancel ${p.cancelDays} 日 days`,
        `    参加 / participants: ${who || '—'}`,
        ...fixed,
      ].join('\n');
    })
    .join('\n');
}

export function totalsLine(t: ProgrammeTotals): string {
  return `${t.code}: 発行 / issued ${t.issued} + 変換 / converted ${t.converted} = 利用 / redeemed ${t.redeemed} + 失効 / expired ${t.expired} + 残高 / outstanding ${t.outstanding}`;
}
