import type { ConversionResponse } from '../../../core/api/partners';
import { PARTNER_API } from '../../../core/api/routes/partner';
import type { OperationMacs } from '../../domain/operation-macs';
import { convertPoints } from '../../domain/points/conversions';
import { issueCouponBatch } from '../../domain/points/coupons';
import { issueLinkCode } from '../../domain/points/partner-links';
import type { Database } from '../../store/database';
import { errorBody, replyWith } from '../errors';
import type { Serve } from '../serve';
import { terminalOf } from './terminal/signed';

/** Partners' routes: signed by a partner's key, and only by one. */
export function servePartner(
  serve: Serve,
  db: Database,
  config: { operationMacs: OperationMacs; today: () => string },
): void {
  serve(PARTNER_API.convert, async (request): Promise<ConversionResponse> => {
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
  });
  serve(PARTNER_API.couponBatch, async (request, reply) =>
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
  serve(PARTNER_API.linkCode, async (request, reply) =>
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
}
