import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ConversionResponse } from '../../../core/api/partners';
import { PARTNER_API } from '../../../core/api/routes/partner';
import { pathUnderVersion } from '../../../core/api/routes/route';
import type { OperationMacs } from '../../domain/operation-macs';
import { convertPoints } from '../../domain/points/conversions';
import { issueCouponBatch } from '../../domain/points/coupons';
import { issueLinkCode } from '../../domain/points/partner-links';
import type { Database } from '../../store/database';
import { schemaOf } from '../api-route';
import { requireTerminal, type TerminalAuthOptions } from '../auth/terminal-auth';
import { errorBody, replyWith } from '../errors';
import { terminalOf } from './terminal/signed';

const partnerGroup = { tags: ['partner'], security: [{ terminalSignature: [] }] };

/** Partners' routes: signed by a partner's key, and only by one. */
export function partnerRoutes(
  db: Database,
  auth: TerminalAuthOptions,
  config: { operationMacs: OperationMacs; today: () => string },
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preValidation', requireTerminal(auth, { partner: true }));
    app.post(
      pathUnderVersion(PARTNER_API.convert),
      { schema: schemaOf(PARTNER_API.convert, partnerGroup) },
      async (request): Promise<ConversionResponse> => {
        const result = await convertPoints(
          db,
          {
            partnerCode: terminalOf(request).providerCode,
            macs: config.operationMacs,
            today: config.today(),
          },
          request.body,
        );
        return {
          transactionId: request.body.transactionId,
          result:
            result.status === 'applied'
              ? result
              : { status: 'rejected', error: errorBody(result.code).error },
        };
      },
    );
    app.post(
      pathUnderVersion(PARTNER_API.couponBatch),
      { schema: schemaOf(PARTNER_API.couponBatch, partnerGroup) },
      async (request, reply) =>
        replyWith(
          reply,
          await issueCouponBatch(
            db,
            {
              partnerCode: terminalOf(request).providerCode,
              macs: config.operationMacs,
              today: config.today(),
            },
            request.body,
          ),
        ),
    );
    app.post(
      pathUnderVersion(PARTNER_API.linkCode),
      { schema: schemaOf(PARTNER_API.linkCode, partnerGroup) },
      async (request, reply) =>
        replyWith(
          reply,
          await issueLinkCode(
            db,
            {
              partnerCode: terminalOf(request).providerCode,
              macs: config.operationMacs,
              today: config.today(),
            },
            request.body.customerId,
          ),
        ),
    );
  };
}
