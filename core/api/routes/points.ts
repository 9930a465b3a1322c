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
    auth: 'terminal-signature',
    description: 'The points programmes this terminal’s provider takes part in, with their rules.',
    request: null,
    response: terminalProgrammesResponseSchema,
  }),
  balance: route({
    method: 'POST',
    path: '/v1/terminal/points/balance',
    auth: 'terminal-signature',
    description: '残高照会: the balance and the soonest expiry in each programme (or one).',
    request: balanceRequestSchema,
    response: balanceResponseSchema,
  }),
  award: route({
    method: 'POST',
    path: '/v1/terminal/points/award',
    auth: 'terminal-signature',
    description: '付与: a purchase’s total × the rate, or a fixed award; up to the daily cap.',
    request: awardPointsSchema,
    response: pointsOperationResponseSchema,
  }),
  redeem: route({
    method: 'POST',
    path: '/v1/terminal/points/redeem',
    auth: 'terminal-signature',
    description: '利用: N ≥ 1 points, never more than the balance; the soonest-expiring first.',
    request: redeemPointsSchema,
    response: pointsOperationResponseSchema,
  }),
  cancel: route({
    method: 'POST',
    path: '/v1/terminal/points/cancel',
    auth: 'terminal-signature',
    description:
      '取消: an award or a redemption this terminal made, within the programme’s window.',
    request: cancelPointsSchema,
    response: pointsOperationResponseSchema,
  }),
  analytics: route({
    method: 'POST',
    path: '/v1/terminal/points/analytics',
    auth: 'terminal-signature',
    description:
      '顧客分析: a programme’s weeks (customers, new and repeat, who also used another shop, points), aggregates only, no cell about fewer than 10 people; a shop sees its own rows and the street’s, the programme’s owner every shop’s.',
    request: shopAnalyticsRequestSchema,
    response: shopAnalyticsSchema,
  }),
} as const;
