import { timingSafeEqual } from 'node:crypto';
import type { LinkOutcome } from '../../../core/api/links';
import { LINK_CODE_DAYS } from '../../../core/api/partners';
import { couponCodeFrom, readCouponCode } from '../../../core/points/coupon-code';
import { addDays } from '../../../core/points/japan-day';
import { fail, ok, type Result } from '../../../core/result';
import type { Queryable } from '../../store/database';
import { registerLink } from '../links';
import type { OperationMacs } from '../operation-macs';

/**
 * ID連携 for partners (提携企業). A counter links a service ID after reading the service's card; a
 * partner has no counter, so its customer proves the number is theirs with a 連携コード the partner
 * gave them after they signed in on its site. The code is the platform's keyed MAC of (partner,
 * customer, day issued), in the coupon codes' form: nothing is stored to check it.
 */

/** A partner's code for its signed-in customer, usable for LINK_CODE_DAYS days from today. */
export async function issueLinkCode(
  db: Queryable,
  context: { partnerCode: string; macs: OperationMacs; today: string },
  customerId: string,
): Promise<Result<{ code: string; validUntil: string }>> {
  const partner = await db.query('SELECT 1 FROM point_partners WHERE provider_code = $1', [
    context.partnerCode,
  ]);
  if (partner.length === 0) return fail('PARTNER_NOT_FOUND');
  return ok({
    code: couponCodeFrom(
      context.macs.linkCodeBytes(context.partnerCode, customerId, context.today),
    ),
    validUntil: addDays(context.today, LINK_CODE_DAYS - 1),
  });
}

/** Whether `code` is the partner's code for this customer, issued in the last LINK_CODE_DAYS. */
function codeMatches(
  macs: OperationMacs,
  partnerCode: string,
  customerId: string,
  code: string,
  today: string,
): boolean {
  const typed = Buffer.from(code);
  let matches = false;
  // Every day is checked, whatever matched: the time taken says nothing about the code.
  for (let back = 0; back < LINK_CODE_DAYS; back += 1) {
    const issued = couponCodeFrom(
      macs.linkCodeBytes(partnerCode, customerId, addDays(today, -back)),
    );
    const expected = Buffer.from(issued);
    if (expected.length === typed.length && timingSafeEqual(expected, typed)) matches = true;
  }
  return matches;
}

/**
 * The holder links their customer number at a partner (a partner's service only: a shop's needs
 * its card at the counter). A code that reads well but is not this customer's is LINK_CODE_INVALID,
 * which the kiosk's guess limit counts.
 */
export async function linkPartnerAccount(
  db: Queryable,
  macs: OperationMacs,
  request: {
    myKeyId: string;
    serviceCode: string;
    customerId: string;
    code: string;
    today: string;
  },
): Promise<Result<{ outcome: LinkOutcome; partnerName: string }>> {
  const [partner] = await db.query<{ provider_code: string; name: string }>(
    `SELECT pp.provider_code, pr.name FROM point_partners pp
     JOIN providers pr ON pr.code = pp.provider_code WHERE pp.service_code = $1`,
    [request.serviceCode],
  );
  if (partner === undefined) return fail('SERVICE_NOT_ALLOWED');
  const read = readCouponCode(request.code);
  if (!read.ok) return fail('LINK_CODE_MISTYPED');
  if (!codeMatches(macs, partner.provider_code, request.customerId, read.code, request.today))
    return fail('LINK_CODE_INVALID');
  const linked = await registerLink(
    db,
    { serviceCodes: new Set([request.serviceCode]) },
    { myKeyId: request.myKeyId, serviceCode: request.serviceCode, serviceId: request.customerId },
  );
  return linked.ok ? ok({ outcome: linked.value, partnerName: partner.name }) : linked;
}
