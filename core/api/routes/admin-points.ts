import { z } from 'zod';
import { providerCodeSchema } from '../common';
import { partnerSchema } from '../partners';
import { programmeSchema, programmeTotalsSchema } from '../point-programmes';
import { programmeCodeSchema } from '../points';
import { periodSchema, settlementSchema } from '../settlement';
import { ANALYTICS_WEEKS_MAX, shopAnalyticsSchema } from '../shop-analytics';
import { route } from './route';

const operator = { auth: 'admin-token', roles: ['operator'] } as const;
const programmeParams = z.object({ code: programmeCodeSchema });
const settlementParams = z.object({ code: programmeCodeSchema, period: periodSchema });
const analyticsQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(ANALYTICS_WEEKS_MAX).optional(),
});
const putOutcome = z.object({ outcome: z.enum(['created', 'updated']) });

/** Operators: ポイント制度 and their rules, totals, 精算, 顧客分析, and the partners (提携企業). */
export const ADMIN_POINTS_API = {
  listProgrammes: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/point-programmes',
    operationId: 'listProgrammes',
    summary: 'List points programmes',
    request: null,
    response: z.object({ programmes: z.array(programmeSchema) }),
    errors: [],
  }),
  putProgramme: route({
    ...operator,
    method: 'PUT',
    path: '/v1/admin/point-programmes/:code',
    operationId: 'putProgramme',
    summary: 'Create or replace a programme',
    description:
      'Create a points programme, or replace its rules (participants, rate, fixed awards, expiry, daily cap, cancel window); its kind and owner cannot change.',
    params: programmeParams,
    request: programmeSchema,
    response: putOutcome,
    errors: [
      'PROGRAMME_INVALID',
      'MUNICIPAL_PROGRAMME_EXISTS',
      'PROGRAMME_PARTICIPANT_IS_PARTNER',
      'MUNICIPALITY_NOT_FOUND',
      'PROVIDER_NOT_FOUND',
    ],
  }),
  programmeTotals: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/point-programmes/:code/totals',
    operationId: 'programmeTotals',
    summary: 'A programme’s totals',
    description:
      'Issued (net of cancelled awards, premiums included) + converted = redeemed + expired + outstanding.',
    params: programmeParams,
    request: null,
    response: programmeTotalsSchema,
    errors: ['PROGRAMME_NOT_FOUND'],
  }),
  listPartners: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/partners',
    operationId: 'listPartners',
    summary: 'List partners',
    request: null,
    response: z.object({ partners: z.array(partnerSchema) }),
    errors: [],
  }),
  putPartner: route({
    ...operator,
    method: 'PUT',
    path: '/v1/admin/partners/:providerCode',
    operationId: 'putPartner',
    summary: 'Make or change a partner',
    description:
      '提携企業: make a provider a partner, or change its rules (its ID連携 service, rate, daily caps, holding days). Its keys then only convert points.',
    params: z.object({ providerCode: providerCodeSchema }),
    request: partnerSchema,
    response: putOutcome,
    errors: ['PARTNER_INVALID', 'PROVIDER_NOT_FOUND'],
  }),
  closeSettlement: route({
    ...operator,
    method: 'POST',
    path: '/v1/admin/point-programmes/:code/settlements',
    operationId: 'closeSettlement',
    summary: 'Close a month (精算)',
    description:
      '精算: close a month that has ended (months in order); closing it again gives the same settlement.',
    params: programmeParams,
    request: z.object({ period: periodSchema }),
    response: settlementSchema,
    errors: [
      'PROGRAMME_NOT_FOUND',
      'SETTLEMENT_PERIOD_INVALID',
      'SETTLEMENT_PERIOD_OPEN',
      'SETTLEMENT_EARLIER_OPEN',
    ],
  }),
  readSettlement: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/point-programmes/:code/settlements/:period',
    operationId: 'readSettlement',
    summary: 'A closed month’s settlement',
    description: 'A closed month’s settlement: lines per item and party, summing to zero.',
    params: settlementParams,
    request: null,
    response: settlementSchema,
    errors: ['SETTLEMENT_NOT_FOUND'],
  }),
  settlementCsv: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/point-programmes/:code/settlements/:period/csv',
    operationId: 'settlementCsv',
    summary: 'A settlement as CSV',
    description:
      'The same settlement as CSV (UTF-8 with a BOM, CRLF), the same bytes every time it is exported.',
    params: settlementParams,
    request: null,
    response: null,
    produces: 'text/csv',
    errors: ['SETTLEMENT_NOT_FOUND'],
  }),
  analytics: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/point-programmes/:code/analytics',
    operationId: 'programmeAnalytics',
    summary: 'Customer analytics (顧客分析)',
    description:
      '顧客分析: the programme’s counted weeks, every shop and the street, published figures only (no cell about fewer than 10 people).',
    params: programmeParams,
    query: analyticsQuery,
    request: null,
    response: shopAnalyticsSchema,
    errors: ['PROGRAMME_NOT_FOUND', 'ANALYTICS_NOT_ALLOWED'],
  }),
  analyticsCsv: route({
    ...operator,
    method: 'GET',
    path: '/v1/admin/point-programmes/:code/analytics/csv',
    operationId: 'programmeAnalyticsCsv',
    summary: 'Customer analytics as CSV',
    description:
      'The same weeks as CSV for Excel (UTF-8 with a BOM, CRLF); a hidden cell is blank.',
    params: programmeParams,
    query: analyticsQuery,
    request: null,
    response: null,
    produces: 'text/csv',
    errors: ['PROGRAMME_NOT_FOUND', 'ANALYTICS_NOT_ALLOWED'],
  }),
} as const;
