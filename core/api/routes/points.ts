import { awardPointsSchema } from '../points';
import {
  balanceRequestSchema,
  balanceResponseSchema,
  cancelPointsSchema,
  pointsOperationResponseSchema,
  redeemPointsSchema,
  terminalProgrammesResponseSchema,
} from '../points-counter';
import { shopAnalyticsRequestSchema, shopAnalyticsSchema } from '../shop-analytics';
import { route } from './route';

/**
 * Points at a counter: the programmes this terminal takes part in, 残高照会, and 付与・利用・取消
 * online. Each operation is applied exactly once by its operationId, as in a batch (an award can
 * also go in a batch, offline); a refusal is data in `result`, with HTTP 200.
 */
export const POINTS_API = {
  programmes: route({
    method: 'GET',
    path: '/v1/terminal/points/programmes',
    operationId: 'terminalProgrammes',
    summary: 'This terminal’s programmes',
    auth: 'terminal-signature',
    description: 'The points programmes this terminal’s provider takes part in, with their rules.',
    request: null,
    response: terminalProgrammesResponseSchema,
    errors: [],
  }),
  balance: route({
    method: 'POST',
    path: '/v1/terminal/points/balance',
    operationId: 'pointsBalance',
    summary: 'A holder’s balance (残高照会)',
    auth: 'terminal-signature',
    description: '残高照会: the balance and the soonest expiry in each programme (or one).',
    request: balanceRequestSchema,
    response: balanceResponseSchema,
    errors: [
      'CERTIFICATE_INVALID',
      'CERTIFICATE_UNTRUSTED',
      'CERTIFICATE_EXPIRED',
      'CERTIFICATE_REVOKED',
      'POINTS_NOT_THIS_CARD',
      'POINTS_TAP_TOO_OLD',
      'MYKEY_NOT_REGISTERED',
    ],
  }),
  award: route({
    method: 'POST',
    path: '/v1/terminal/points/award',
    operationId: 'awardPoints',
    summary: 'Award points (付与)',
    auth: 'terminal-signature',
    description: '付与: a purchase’s total × the rate, or a fixed award; up to the daily cap.',
    request: awardPointsSchema,
    response: pointsOperationResponseSchema,
    errors: [],
  }),
  redeem: route({
    method: 'POST',
    path: '/v1/terminal/points/redeem',
    operationId: 'redeemPoints',
    summary: 'Redeem points (利用)',
    auth: 'terminal-signature',
    description: '利用: N ≥ 1 points, never more than the balance; the soonest-expiring first.',
    request: redeemPointsSchema,
    response: pointsOperationResponseSchema,
    errors: [],
  }),
  cancel: route({
    method: 'POST',
    path: '/v1/terminal/points/cancel',
    operationId: 'cancelPoints',
    summary: 'Cancel an operation (取消)',
    auth: 'terminal-signature',
    description:
      '取消: an award or a redemption this terminal made, within the programme’s window.',
    request: cancelPointsSchema,
    response: pointsOperationResponseSchema,
    errors: [],
  }),
  analytics: route({
    method: 'POST',
    path: '/v1/terminal/points/analytics',
    operationId: 'shopAnalytics',
    summary: 'This shop’s analytics',
    auth: 'terminal-signature',
    description:
      '顧客分析: a programme’s weeks (customers, new and repeat, who also used another shop, points), aggregates only, no cell about fewer than 10 people; a shop sees its own rows and the street’s, the programme’s owner every shop’s.',
    request: shopAnalyticsRequestSchema,
    response: shopAnalyticsSchema,
    errors: ['PROGRAMME_NOT_FOUND', 'ANALYTICS_NOT_ALLOWED'],
  }),
} as const;
