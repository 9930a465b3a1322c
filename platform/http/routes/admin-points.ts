import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { providerCodeSchema } from '../../../core/api/common';
import { partnerSchema } from '../../../core/api/partners';
import { programmeSchema, programmeTotalsSchema } from '../../../core/api/point-programmes';
import { programmeCodeSchema } from '../../../core/api/points';
import { periodSchema, settlementSchema } from '../../../core/api/settlement';
import { ANALYTICS_WEEKS_MAX, shopAnalyticsSchema } from '../../../core/api/shop-analytics';
import { analyticsCsv } from '../../../core/points/analytics-csv';
import { fail } from '../../../core/result';
import { listPartners, putPartner } from '../../domain/points/partners';
import { listProgrammes, programmeTotals, putProgramme } from '../../domain/points/programmes';
import { closePeriod, readSettlement } from '../../domain/points/settlement';
import { settlementCsv } from '../../domain/points/settlement-csv';
import { shopAnalytics } from '../../domain/points/shop-weeks';
import type { Database } from '../../store/database';
import type { TerminalDirectory } from '../auth/terminal-directory';
import { replyWith } from '../errors';

const tags = ['admin'];
const security = [{ adminToken: [] }];
const params = z.object({ code: programmeCodeSchema });

/** Operators: ポイント制度 and their rules, each programme's totals, and the partners (提携企業). */
export function registerPointsAdmin(
  app: Parameters<FastifyPluginAsyncZod>[0],
  db: Database,
  directory: TerminalDirectory,
  today: () => string,
): void {
  app.get(
    '/point-programmes',
    {
      schema: {
        tags,
        security,
        response: { 200: z.object({ programmes: z.array(programmeSchema) }) },
      },
    },
    async () => ({ programmes: await listProgrammes(db) }),
  );
  app.put(
    '/point-programmes/:code',
    {
      schema: {
        tags,
        security,
        description:
          'Create a points programme, or replace its rules (participants, rate, fixed awards, expiry, daily cap, cancel window); its kind and owner cannot change.',
        params,
        body: programmeSchema,
        response: { 200: z.object({ outcome: z.enum(['created', 'updated']) }) },
      },
    },
    async (request, reply) => {
      if (request.body.code !== request.params.code)
        return replyWith(reply, fail('PROGRAMME_INVALID'));
      return replyWith(reply, await putProgramme(db, request.body));
    },
  );
  app.get(
    '/point-programmes/:code/totals',
    {
      schema: {
        tags,
        security,
        description:
          'Issued (net of cancelled awards, premiums included) + converted = redeemed + expired + outstanding.',
        params,
        response: { 200: programmeTotalsSchema },
      },
    },
    async (request, reply) => replyWith(reply, await programmeTotals(db, request.params.code)),
  );
  app.get(
    '/partners',
    {
      schema: {
        tags,
        security,
        response: { 200: z.object({ partners: z.array(partnerSchema) }) },
      },
    },
    async () => ({ partners: await listPartners(db) }),
  );
  app.put(
    '/partners/:providerCode',
    {
      schema: {
        tags,
        security,
        description:
          '提携企業: make a provider a partner, or change its rules (its ID連携 service, rate, daily caps, holding days). Its keys then only convert points.',
        params: z.object({ providerCode: providerCodeSchema }),
        body: partnerSchema,
        response: { 200: z.object({ outcome: z.enum(['created', 'updated']) }) },
      },
    },
    async (request, reply) => {
      if (request.body.providerCode !== request.params.providerCode)
        return replyWith(reply, fail('PARTNER_INVALID'));
      const result = await putPartner(db, request.body);
      // Its keys change what they may do: forget them here at once (other processes within seconds).
      if (result.ok) directory.forget();
      return replyWith(reply, result);
    },
  );
  const settlementParams = z.object({ code: programmeCodeSchema, period: periodSchema });
  app.post(
    '/point-programmes/:code/settlements',
    {
      schema: {
        tags,
        security,
        description:
          '精算: close a month that has ended (months in order); closing it again gives the same settlement.',
        params,
        body: z.object({ period: periodSchema }),
        response: { 200: settlementSchema },
      },
    },
    async (request, reply) =>
      replyWith(reply, await closePeriod(db, request.params.code, request.body.period, today())),
  );
  app.get(
    '/point-programmes/:code/settlements/:period',
    {
      schema: {
        tags,
        security,
        description: 'A closed month’s settlement: lines per item and party, summing to zero.',
        params: settlementParams,
        response: { 200: settlementSchema },
      },
    },
    async (request, reply) =>
      replyWith(reply, await readSettlement(db, request.params.code, request.params.period)),
  );
  app.get(
    '/point-programmes/:code/settlements/:period/csv',
    {
      schema: {
        tags,
        security,
        description:
          'The same settlement as CSV (UTF-8 with a BOM, CRLF), the same bytes every time it is exported.',
        params: settlementParams,
      },
    },
    async (request, reply) => {
      const { code, period } = request.params;
      const settlement = await readSettlement(db, code, period);
      if (!settlement.ok) return replyWith(reply, settlement);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${code}-${period}.csv"`)
        .send(settlementCsv(settlement.value));
    },
  );
  const analyticsQuery = z.object({
    weeks: z.coerce.number().int().min(1).max(ANALYTICS_WEEKS_MAX).optional(),
  });
  app.get(
    '/point-programmes/:code/analytics',
    {
      schema: {
        tags,
        security,
        description:
          '顧客分析: the programme’s counted weeks, every shop and the street, published figures only (no cell about fewer than 10 people).',
        params,
        querystring: analyticsQuery,
        response: { 200: shopAnalyticsSchema },
      },
    },
    async (request, reply) =>
      replyWith(
        reply,
        await shopAnalytics(db, 'operator', request.params.code, request.query.weeks),
      ),
  );
  app.get(
    '/point-programmes/:code/analytics/csv',
    {
      schema: {
        tags,
        security,
        description:
          'The same weeks as CSV for Excel (UTF-8 with a BOM, CRLF); a hidden cell is blank.',
        params,
        querystring: analyticsQuery,
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const analytics = await shopAnalytics(db, 'operator', code, request.query.weeks);
      if (!analytics.ok) return replyWith(reply, analytics);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${code}-analytics.csv"`)
        .send(analyticsCsv(analytics.value));
    },
  );
}
