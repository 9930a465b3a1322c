import { COUNTER_API } from '../../../../core/api/routes/counter';
import { ok } from '../../../../core/result';
import type { LinkProofPolicy } from '../../../certificates/link-proof';
import { servicesOfProvider } from '../../../domain/catalogue';
import type { OperationMacs } from '../../../domain/operation-macs';
import type { Database } from '../../../store/database';
import { lookUpByCard, registerLinkAtCounter } from '../../../use-cases/counter-links';
import { applyBatch } from '../../../use-cases/sync';
import { replyWith } from '../../errors';
import type { Serve } from '../../serve';
import { toWire } from './operation-results';
import { terminalOf } from './signed';

/** A shop's or library's counter: its services, サービスID登録 online and in batches, 照会. */
export function serveLinks(
  serve: Serve,
  db: Database,
  operationMacs: OperationMacs,
  linkProofs: LinkProofPolicy,
): void {
  serve(COUNTER_API.services, async (request) => {
    const terminal = terminalOf(request);
    return {
      terminalId: terminal.id,
      providerCode: terminal.providerCode,
      services: await servicesOfProvider(db, terminal.providerCode),
    };
  });
  serve(COUNTER_API.registerLink, async (request, reply) => {
    const result = await registerLinkAtCounter(db, terminalOf(request), request.body, linkProofs);
    return replyWith(reply, result.ok ? ok({ outcome: result.value }) : result);
  });
  serve(COUNTER_API.lookup, async (request, reply) =>
    replyWith(reply, await lookUpByCard(db, terminalOf(request), request.body, linkProofs)),
  );
  serve(COUNTER_API.sync, async (request) => {
    const { operations } = request.body;
    const results = await applyBatch(
      db,
      terminalOf(request),
      operations,
      operationMacs,
      linkProofs,
    );
    return { results: results.map((r) => toWire(r.operationId, r.result)) };
  });
}
