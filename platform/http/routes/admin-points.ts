import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { programmeSchema, programmeTotalsSchema } from '../../../core/api/point-programmes';
import { programmeCodeSchema } from '../../../core/api/points';
import { listProgrammes, programmeTotals, putProgramme } from '../../domain/point-programmes';
import { fail } from '../../domain/result';
import type { Database } from '../../store/database';
import { replyWith } from '../errors';

const tags = ['admin'];
const security = [{ adminToken: [] }];
const params = z.object({ code: programmeCodeSchema });

/** Operators: ポイント制度 and their rules, and each programme's totals. */
export function registerPointsAdmin(app: Parameters<FastifyPluginAsyncZod>[0], db: Database): void {
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
        description: 'Issued (net of cancelled awards) = redeemed + expired + outstanding.',
        params,
        response: { 200: programmeTotalsSchema },
      },
    },
    async (request, reply) => replyWith(reply, await programmeTotals(db, request.params.code)),
  );
}
