import {
  conversionRequestSchema,
  conversionResponseSchema,
  couponBatchRequestSchema,
  couponBatchResponseSchema,
  linkCodeRequestSchema,
  linkCodeResponseSchema,
} from '../partners';
import { route } from './route';

/**
 * What a partner's server calls (地域経済応援ポイント), signed with its own key, enrolled as a
 * terminal's is; a refusal is data in `result`, with HTTP 200, as for a counter's operations.
 */
export const PARTNER_API = {
  convert: route({
    method: 'POST',
    path: '/v1/partner/conversions',
    operationId: 'convertPartnerPoints',
    summary: 'Convert partner points (変換)',
    auth: 'partner-signature',
    description:
      '変換: partner points for a customer who linked their account (ID連携), into their holding account (留保ポイント口座) at the partner’s rate; exactly once per transactionId.',
    request: conversionRequestSchema,
    response: conversionResponseSchema,
    errors: [],
  }),
  couponBatch: route({
    method: 'POST',
    path: '/v1/partner/coupon-batches',
    operationId: 'issueCouponBatch',
    summary: 'Issue a batch of coupon codes',
    auth: 'partner-signature',
    description:
      'クーポンコード: a batch of single-use codes worth `points` each, redeemable at a kiosk into the holding account until `expiresOn`; the same batchId gives the same codes.',
    request: couponBatchRequestSchema,
    response: couponBatchResponseSchema,
    errors: ['PARTNER_NOT_FOUND', 'MUNICIPAL_PROGRAMME_NOT_FOUND', 'OPERATION_ID_REUSED'],
  }),
  linkCode: route({
    method: 'POST',
    path: '/v1/partner/link-codes',
    operationId: 'issueLinkCode',
    summary: 'Issue a link code (連携コード)',
    auth: 'partner-signature',
    description:
      '連携コード: a code for a customer signed in on the partner’s site, to link their customer number to their My Key ID at a kiosk (ID連携) within 7 days.',
    request: linkCodeRequestSchema,
    response: linkCodeResponseSchema,
    errors: ['PARTNER_NOT_FOUND'],
  }),
} as const;
