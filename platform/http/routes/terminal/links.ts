import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { COUNTER_API } from '../../../../core/api/routes/counter';
import { pathUnderVersion } from '../../../../core/api/routes/route';
import { ok } from '../../../../core/result';
import type { LinkProofPolicy } from '../../../certificates/link-proof';
import { servicesOfProvider } from '../../../domain/catalogue';
import type { OperationMacs } from '../../../domain/operation-macs';
import type { Database } from '../../../store/database';
import { lookUpByCard, registerLinkAtCounter } from '../../../use-cases/counter-links';
import { applyBatch } from '../../../use-cases/sync';
import { schemaOf } from '../../api-route';
import { replyWith } from '../../errors';
import { toWire } from './operation-results';
import { signedGroup, terminalOf } from './signed';

/** A shop's or library's counter: its services, サービスID登録 online and in batches, 照会. */
export function linkRoutes(
  db: Database,
  operationMacs: OperationMacs,
  linkProofs: LinkProofPolicy,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      pathUnderVersion(COUNTER_API.services),
      { schema: schemaOf(COUNTER_API.services, signedGroup) },
      async (request) => {
        const terminal = terminalOf(request);
        return {
          terminalId: terminal.id,
          providerCode: terminal.providerCode,
          services: await servicesOfProvider(db, terminal.providerCode),
        };
      },
    );
    app.post(
      pathUnderVersion(COUNTER_API.registerLink),
      { schema: schemaOf(COUNTER_API.registerLink, signedGroup) },
      async (request, reply) => {
        const result = await registerLinkAtCounter(
          db,
          terminalOf(request),
          request.body,
          linkProofs,
        );
        return replyWith(reply, result.ok ? ok({ outcome: result.value }) : result);
      },
    );
    app.post(
      pathUnderVersion(COUNTER_API.lookup),
      { schema: schemaOf(COUNTER_API.lookup, signedGroup) },
      async (request, reply) =>
        replyWith(reply, await lookUpByCard(db, terminalOf(request), request.body, linkProofs)),
    );
    app.post(
      pathUnderVersion(COUNTER_API.sync),
      { schema: schemaOf(COUNTER_API.sync, signedGroup) },
      async (request) => {
        const { operations } = request.body;
        const results = await applyBatch(
          db,
          terminalOf(request),
          operations,
          operationMacs,
          linkProofs,
        );
        return { results: results.map((r) => toWire(r.operationId, r.result)) };
      },
    );
  };
}
