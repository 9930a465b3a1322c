import { COUNTER_API } from '../../../../core/api/routes/counter';
import type { TrustAnchors } from '../../../certificates/trust-anchors';
import { GuessCounts } from '../../../domain/guess-limits';
import type { OperationMacs } from '../../../domain/operation-macs';
import { enrolTerminal } from '../../../domain/terminals';
import type { Database } from '../../../store/database';
import { KioskUseCases } from '../../../use-cases/kiosk';
import { clientKeyOf } from '../../auth/client-key';
import { FailureLimit } from '../../auth/failure-limit';
import type { TerminalDirectory } from '../../auth/terminal-directory';
import { replyError, replyWith } from '../../errors';
import type { Serve } from '../../serve';
import { serveKiosk } from './kiosk';
import { serveLinks } from './links';
import { servePoints } from './points';

/** Routes a terminal calls: enrolment with its one-time code, then everything else signed. */
export function serveTerminal(
  serve: Serve,
  db: Database,
  directory: TerminalDirectory,
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
): void {
  // Wrong codes are counted in the database, so every process of a fleet shares one count.
  const guesses = new GuessCounts(db, config.operationMacs);
  serve(COUNTER_API.enrol, async (request, reply) => {
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
    if (result.ok) directory.forget(result.value.terminalId);
    return replyWith(reply, result);
  });

  const kiosk = new KioskUseCases(db, {
    anchors: config.anchors,
    requireCrl: config.requireCrl,
    reservationDays: config.reservationDays,
    macs: config.operationMacs,
    sessionKey: config.sessionKey,
  });
  const linkProofs = { anchors: config.anchors, requireCrl: config.requireCrl };
  serveLinks(serve, db, config.operationMacs, linkProofs);
  serveKiosk(serve, db, kiosk, config.today, guesses);
  servePoints(serve, db, config.operationMacs, config.today, linkProofs);
}
