import { LRUCache } from 'lru-cache';
import type {
  PointsOperationResponse,
  TerminalProgramme,
} from '../../../../core/api/points-counter';
import { POINTS_API } from '../../../../core/api/routes/points';
import type { LinkProofPolicy } from '../../../certificates/link-proof';
import type { OperationMacs } from '../../../domain/operation-macs';
import { programmesOfProvider } from '../../../domain/points/programmes';
import { shopAnalytics } from '../../../domain/points/shop-weeks';
import type { Database } from '../../../store/database';
import {
  balanceAtCounter,
  type CounterPointsOperation,
  pointsAtCounter,
} from '../../../use-cases/counter-points';
import type { KnownTerminal } from '../../auth/terminal-directory';
import { replyWith } from '../../errors';
import type { Serve } from '../../serve';
import { toWire } from './operation-results';
import { terminalOf } from './signed';

/**
 * Points at a counter. Award, redeem and cancel are each applied exactly once by their
 * operationId however often the terminal resends them (an award sent offline comes through /sync
 * under the same id); the answer carries the holder's balance as it is now. Every call carries the
 * tapped card's certificate, and the holder is the card's (use-cases/counter-points.ts).
 */
export function servePoints(
  serve: Serve,
  db: Database,
  macs: OperationMacs,
  today: () => string,
  policy: LinkProofPolicy,
): void {
  // Which programmes a provider takes part in changes only when an operator changes the rules: kept
  // a few seconds per provider (enrolled terminals' providers only, so it cannot grow unbounded).
  const programmes = new LRUCache<string, TerminalProgramme[]>({ max: 10_000, ttl: 5_000 });
  const programmesOf = async (providerCode: string) => {
    const cached = programmes.get(providerCode);
    if (cached !== undefined) return cached;
    const fresh = await programmesOfProvider(db, providerCode);
    programmes.set(providerCode, fresh);
    return fresh;
  };

  /**
   * Applies one operation, as one statement; the answer shows the holder's balance after it when
   * the programme is one this terminal takes part in (a cancel's holder is the cancelled one's).
   */
  async function applyOne(
    terminal: KnownTerminal,
    op: CounterPointsOperation,
  ): Promise<PointsOperationResponse> {
    const own = (await programmesOf(terminal.providerCode)).map((p) => p.code);
    const applied = await pointsAtCounter(
      db,
      { terminal, macs, today: today(), balanceIn: own, policy },
      op,
    );
    return {
      result: toWire(op.operationId, applied.result),
      ...(applied.balance === undefined ? {} : { balance: applied.balance }),
    };
  }
  serve(POINTS_API.programmes, async (request) => ({
    programmes: await programmesOf(terminalOf(request).providerCode),
  }));
  serve(POINTS_API.balance, async (request, reply) => {
    const terminal = terminalOf(request);
    const own = (await programmesOf(terminal.providerCode)).map((p) => p.code);
    const asked = request.body.programmeCode;
    // Only the programmes this terminal takes part in: a shop sees nothing of the others.
    const codes = asked === undefined ? own : own.filter((code) => code === asked);
    return replyWith(
      reply,
      await balanceAtCounter(db, request.body.certificate, codes, today(), policy),
    );
  });
  serve(POINTS_API.award, async (request) => applyOne(terminalOf(request), request.body));
  serve(POINTS_API.redeem, async (request) => applyOne(terminalOf(request), request.body));
  serve(POINTS_API.cancel, async (request) => applyOne(terminalOf(request), request.body));
  serve(POINTS_API.analytics, async (request, reply) =>
    replyWith(
      reply,
      await shopAnalytics(
        db,
        { providerCode: terminalOf(request).providerCode },
        request.body.programmeCode,
        request.body.weeks,
      ),
    ),
  );
}
