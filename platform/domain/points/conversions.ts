import type { HolderHoldings } from '../../../core/api/holder-holdings';
import type { ConversionRequest } from '../../../core/api/partners';
import type { ErrorCode } from '../../../core/errors';
import { fail, ok, type Result } from '../../../core/result';
import type { Database, Queryable } from '../../store/database';
import { resendResult } from '../exactly-once';
import type { OperationMacs } from '../operation-macs';

/**
 * 地域経済応援ポイント into the holding account (留保ポイント口座), and from there into a municipality's
 * 自治体ポイント (migrations/0008_partner_conversion.sql holds the rules).
 */

export type ConversionResult =
  | { status: 'applied'; outcome: 'converted'; points: number; holdUntil: string }
  | { status: 'rejected'; code: ErrorCode };

type Answer = { result: ConversionResult } | { earlier: ConversionResult; mac: string };

/**
 * A partner's conversion for its customer, exactly once per partner transaction id: a resend with
 * the same content gets the answer it got then, with other content OPERATION_ID_REUSED.
 */
export async function convertPoints(
  db: Queryable,
  context: { partnerCode: string; macs: OperationMacs; today: string },
  request: ConversionRequest,
): Promise<ConversionResult> {
  const mac = context.macs.ofContent({
    kind: 'conversion',
    customerId: request.customerId,
    partnerPoints: request.partnerPoints,
  });
  const [row] = await db.query<{ answer: Answer }>(
    'SELECT point_convert($1, $2, $3, $4, $5::bigint, $6::date) AS answer',
    [
      context.partnerCode,
      request.transactionId,
      mac,
      request.customerId,
      request.partnerPoints,
      context.today,
    ],
  );
  if (row === undefined) throw new Error('point_convert gave no answer');
  const { answer } = row;
  return 'result' in answer
    ? answer.result
    : resendResult(context.macs, { result: answer.earlier, mac: answer.mac }, mac);
}

export interface Placed {
  programmeCode: string;
  points: number;
  premium: number;
}

type PlaceAnswer =
  | { status: 'applied'; outcome: 'placed'; programmeCode: string; points: number; premium: number }
  | { status: 'rejected'; code: ErrorCode };

/** 自治体の選択: everything a person holds goes to a municipality's 自治体ポイント, with its premium. */
export async function placeHoldings(
  db: Queryable,
  myKeyId: string,
  municipalityCode: string,
  today: string,
): Promise<Result<Placed>> {
  const [row] = await db.query<{ answer: PlaceAnswer }>(
    'SELECT point_place($1, $2, $3::date, NULL) AS answer',
    [myKeyId, municipalityCode, today],
  );
  const answer = row?.answer;
  if (answer === undefined) throw new Error('point_place gave no answer');
  return answer.status === 'rejected'
    ? fail(answer.code)
    : ok({ programmeCode: answer.programmeCode, points: answer.points, premium: answer.premium });
}

/** 基本自治体: only a municipality with a 自治体ポイント can receive converted points. */
export async function setDefaultMunicipality(
  db: Queryable,
  myKeyId: string,
  municipalityCode: string,
): Promise<Result<true>> {
  const rows = await db.query(
    `INSERT INTO holder_settings (my_key_id, default_municipality_code)
     SELECT $1, p.municipality_code FROM point_programmes p
     WHERE p.municipality_code = $2 AND p.kind = 'municipal'
       AND EXISTS (SELECT 1 FROM my_keys WHERE my_key_id = $1)
     ON CONFLICT (my_key_id) DO UPDATE SET default_municipality_code = EXCLUDED.default_municipality_code
     RETURNING 1`,
    [myKeyId, municipalityCode],
  );
  return rows.length === 1 ? ok(true) : fail('MUNICIPAL_PROGRAMME_NOT_FOUND');
}

/** Holders handled per transaction by the daily job. */
const HOLDERS_PER_TRANSACTION = 200;

/**
 * The daily job: points held past their holding days go to the person's default municipality
 * with its premium; a person with none set keeps them held (the kiosk says so). Returns the points
 * placed.
 */
export async function placeDueHoldings(db: Database, today: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [moved] = await db.query<{ holders: number; points: string | null }>(
      `SELECT count(*)::int AS holders,
         sum((point_place(due.my_key_id, due.municipality_code, $1::date, $1::date)->>'points')::bigint) AS points
       FROM (
         SELECT DISTINCT a.my_key_id, s.default_municipality_code AS municipality_code
         FROM point_lots l
         JOIN point_accounts a ON a.id = l.account_id AND a.kind = 'holding'
         JOIN holder_settings s ON s.my_key_id = a.my_key_id
         JOIN point_programmes p ON p.municipality_code = s.default_municipality_code AND p.kind = 'municipal'
         WHERE l.remaining > 0 AND l.expires_on < $1::date
         LIMIT $2
       ) due`,
      [today, HOLDERS_PER_TRANSACTION],
    );
    total += Number(moved?.points ?? 0);
    if ((moved?.holders ?? 0) < HOLDERS_PER_TRANSACTION) return total;
  }
}

/** What the kiosk shows a holder of their converted points (they proved they hold the card). */
export async function holderHoldings(db: Queryable, myKeyId: string): Promise<HolderHoldings> {
  const held = await db.query<{ points: number; partner_name: string; hold_until: string }>(
    `SELECT l.remaining AS points, pr.name AS partner_name, l.expires_on::text AS hold_until
     FROM point_accounts a
     JOIN point_lots l ON l.account_id = a.id AND l.remaining > 0
     JOIN point_movements m ON m.id = l.award_movement_id
     JOIN providers pr ON pr.code = m.provider_code
     WHERE a.kind = 'holding' AND a.my_key_id = $1 ORDER BY l.expires_on, l.id`,
    [myKeyId],
  );
  const [settings] = await db.query<{ code: string | null }>(
    'SELECT default_municipality_code AS code FROM holder_settings WHERE my_key_id = $1',
    [myKeyId],
  );
  const municipalities = await db.query<{
    code: string;
    name: string;
    programme_name: string;
    premium_percent: number;
  }>(
    `SELECT m.code, m.name, p.name AS programme_name, p.premium_percent
     FROM point_programmes p JOIN municipalities m ON m.code = p.municipality_code
     WHERE p.kind = 'municipal' ORDER BY m.code`,
  );
  const partners = await db.query<{ service_code: string; name: string; linked: boolean }>(
    `SELECT pp.service_code, pr.name,
       EXISTS (SELECT 1 FROM links l WHERE l.my_key_id = $1 AND l.service_code = pp.service_code)
         AS linked
     FROM point_partners pp JOIN providers pr ON pr.code = pp.provider_code ORDER BY pr.code`,
    [myKeyId],
  );
  return {
    held: held.map((lot) => ({
      points: lot.points,
      partnerName: lot.partner_name,
      holdUntil: lot.hold_until,
    })),
    ...(settings?.code == null ? {} : { defaultMunicipalityCode: settings.code }),
    municipalities: municipalities.map((m) => ({
      code: m.code,
      name: m.name,
      programmeName: m.programme_name,
      premiumPercent: m.premium_percent,
    })),
    partners: partners.map((p) => ({
      serviceCode: p.service_code,
      partnerName: p.name,
      linked: p.linked,
    })),
  };
}
