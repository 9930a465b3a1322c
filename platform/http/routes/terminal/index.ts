import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { COUNTER_API } from '../../../../core/api/routes/counter';
import { pathUnderVersion } from '../../../../core/api/routes/route';
import type { TrustAnchors } from '../../../certificates/trust-anchors';
import { GuessCounts } from '../../../domain/guess-limits';
import type { OperationMacs } from '../../../domain/operation-macs';
import { enrolTerminal } from '../../../domain/terminals';
import type { Database } from '../../../store/database';
import { KioskUseCases } from '../../../use-cases/kiosk';
import { schemaOf } from '../../api-route';
import { clientKeyOf } from '../../auth/client-key';
import { FailureLimit } from '../../auth/failure-limit';
import { requireTerminal, type TerminalAuthOptions } from '../../auth/terminal-auth';
import { replyError, replyWith } from '../../errors';
import { kioskRoutes } from './kiosk';
import { linkRoutes } from './links';
import { pointsRoutes } from './points';

/** Routes a terminal calls: enrolment with its one-time code, then everything else signed. */
export function terminalRoutes(
  db: Database,
  auth: TerminalAuthOptions,
  config: {
    reservationDays: number;
    anchors: TrustAnchors;
    requireCrl: boolean;
    operationMacs: OperationMacs;
    /** Seals kiosk sessions (use-cases/holder-sessions.ts). */
    sessionKey: Buffer;
    today: () => string;
  },
  enrolmentLimit: FailureLimit = new FailureLimit(),
): FastifyPluginAsyncZod {
  // Wrong codes are counted in the database, so every process of a fleet shares one count.
  const guesses = new GuessCounts(db, config.operationMacs);
  return async (app) => {
    app.post(
      pathUnderVersion(COUNTER_API.enrol),
      { schema: schemaOf(COUNTER_API.enrol, { tags: ['terminal'] }) },
      async (request, reply) => {
        const tried = await enrolmentLimit.guard(
          guesses,
          'enrolment',
          // An IPv6 host's whole /64 is one guesser: it could rotate through it at will.
          clientKeyOf(request.ip),
          () => enrolTerminal(db, request.body),
          (result) => !result.ok && result.code === 'ENROLMENT_CODE_INVALID',
        );
        if (tried.limited)
          return replyError(
            reply.header('retry-after', String(tried.retryAfterSeconds)),
            'ENROLMENT_RATE_LIMITED',
          );
        const result = tried.answer;
        if (result.ok) auth.directory.forget(result.value.terminalId);
        return replyWith(reply, result);
      },
    );

    const kiosk = new KioskUseCases(db, {
      anchors: config.anchors,
      requireCrl: config.requireCrl,
      reservationDays: config.reservationDays,
      macs: config.operationMacs,
      sessionKey: config.sessionKey,
    });
    await app.register(async (signed) => {
      // Once for the whole folder, before validation: a stranger learns nothing, not even the schema.
      signed.addHook('preValidation', requireTerminal(auth, { partner: false }));
      await signed.register(
        linkRoutes(db, config.operationMacs, {
          anchors: config.anchors,
          requireCrl: config.requireCrl,
        }),
      );
      await signed.register(kioskRoutes(db, kiosk, config.today, guesses));
      await signed.register(
        pointsRoutes(db, config.operationMacs, config.today, {
          anchors: config.anchors,
          requireCrl: config.requireCrl,
        }),
      );
    });
  };
}
