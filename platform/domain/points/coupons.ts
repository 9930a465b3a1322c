import { createHash } from 'node:crypto';
import type { RedeemedCoupon } from '../../../core/api/holder-holdings';
import type { CouponBatchRequest, CouponBatchResponse } from '../../../core/api/partners';
import type { ErrorCode } from '../../../core/errors';
import { couponCodeFrom, readCouponCode } from '../../../core/points/coupon-code';
import { addDays } from '../../../core/points/japan-day';
import { fail, ok, type Result } from '../../../core/result';
import type { Database, Queryable } from '../../store/database';
import { holdOnce, onceKey, sameRequest } from '../exactly-once';
import type { OperationMacs } from '../operation-macs';

/**
 * クーポンコード: partner points that arrive as codes (migrations/0009_coupons.sql). A batch's codes
 * are derived from the operation key, so the same batch id gives the same codes and the database
 * keeps only their SHA-256 hashes.
 */

const hashOf = (code: string) => createHash('sha256').update(code).digest();

/** A partner's batch of codes, exactly once per batch id. */
export async function issueCouponBatch(
  db: Database,
  context: { partnerCode: string; macs: OperationMacs; today: string },
  request: CouponBatchRequest,
): Promise<Result<CouponBatchResponse>> {
  const { partnerCode, macs } = context;
  const mac = macs.ofContent({
    kind: 'couponBatch',
    count: request.count,
    points: request.points,
    validDays: request.validDays,
  });
  const codesOf = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      couponCodeFrom(macs.couponBytes(partnerCode, request.batchId, i)),
    );
  return db.transaction(async (tx) => {
    await holdOnce(tx, [onceKey.couponBatch(partnerCode, request.batchId)]);
    const [earlier] = await tx.query<{ content_mac: string; count: number; expires_on: string }>(
      `SELECT content_mac, count, expires_on::text FROM point_coupon_batches
       WHERE provider_code = $1 AND batch_id = $2`,
      [partnerCode, request.batchId],
    );
    if (earlier !== undefined) {
      // Codes made under an earlier operation key cannot be made again: the partner uses a new id.
      if (!sameRequest(macs, earlier.content_mac, mac, { rederivable: true }))
        return fail('OPERATION_ID_REUSED');
      return ok({
        batchId: request.batchId,
        expiresOn: earlier.expires_on,
        codes: codesOf(earlier.count),
      });
    }
    const [partner] = await tx.query('SELECT 1 FROM point_partners WHERE provider_code = $1', [
      partnerCode,
    ]);
    if (partner === undefined) return fail('PARTNER_NOT_FOUND');
    const expiresOn = addDays(context.today, request.validDays - 1);
    const codes = codesOf(request.count);
    await tx.query(
      `INSERT INTO point_coupon_batches (provider_code, batch_id, content_mac, count, points, expires_on)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [partnerCode, request.batchId, mac, request.count, request.points, expiresOn],
    );
    await tx.query(
      `INSERT INTO point_coupons (code_hash, provider_code, batch_id, points, expires_on)
       SELECT h, $2, $3, $4, $5 FROM unnest($1::bytea[]) AS h`,
      [codes.map(hashOf), partnerCode, request.batchId, request.points, expiresOn],
    );
    return ok({ batchId: request.batchId, expiresOn, codes });
  });
}

type RedeemAnswer =
  | ({ status: 'applied' } & RedeemedCoupon)
  | { status: 'rejected'; code: ErrorCode };

/** A code the holder typed at the kiosk, into their holding account. */
export async function redeemCoupon(
  db: Queryable,
  myKeyId: string,
  typed: string,
  today: string,
): Promise<Result<RedeemedCoupon>> {
  const read = readCouponCode(typed);
  if (!read.ok) return fail('COUPON_MISTYPED');
  const [row] = await db.query<{ answer: RedeemAnswer }>(
    'SELECT point_redeem_coupon($1, $2, $3::date) AS answer',
    [hashOf(read.code), myKeyId, today],
  );
  const answer = row?.answer;
  if (answer === undefined) throw new Error('point_redeem_coupon gave no answer');
  if (answer.status === 'rejected') return fail(answer.code);
  return ok({
    points: answer.points,
    partnerName: answer.partnerName,
    holdUntil: answer.holdUntil,
  });
}
