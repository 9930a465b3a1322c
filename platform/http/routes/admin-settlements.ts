import { ADMIN_POINTS_API } from '../../../core/api/routes/admin-points';
import { analyticsCsv } from '../../../core/points/analytics-csv';
import { closePeriod, readSettlement } from '../../domain/points/settlement';
import { settlementCsv } from '../../domain/points/settlement-csv';
import { shopAnalytics } from '../../domain/points/shop-weeks';
import type { Database } from '../../store/database';
import { replyWith } from '../errors';
import type { Serve } from '../serve';

/** Operators: 精算 (monthly settlements) and 顧客分析, each also as CSV for Excel. */
export function serveSettlementAdmin(serve: Serve, db: Database, today: () => string) {
  serve(ADMIN_POINTS_API.closeSettlement, async (request, reply) =>
    replyWith(reply, await closePeriod(db, request.params.code, request.body.period, today())),
  );
  serve(ADMIN_POINTS_API.readSettlement, async (request, reply) =>
    replyWith(reply, await readSettlement(db, request.params.code, request.params.period)),
  );
  serve(ADMIN_POINTS_API.settlementCsv, async (request, reply) => {
    const { code, period } = request.params;
    const settlement = await readSettlement(db, code, period);
    if (!settlement.ok) return replyWith(reply, settlement);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${code}-${period}.csv"`)
      .send(settlementCsv(settlement.value));
  });
  serve(ADMIN_POINTS_API.analytics, async (request, reply) =>
    replyWith(reply, await shopAnalytics(db, 'operator', request.params.code, request.query.weeks)),
  );
  serve(ADMIN_POINTS_API.analyticsCsv, async (request, reply) => {
    const { code } = request.params;
    const analytics = await shopAnalytics(db, 'operator', code, request.query.weeks);
    if (!analytics.ok) return replyWith(reply, analytics);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${code}-analytics.csv"`)
      .send(analyticsCsv(analytics.value));
  });
}
