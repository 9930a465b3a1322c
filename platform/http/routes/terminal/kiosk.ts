import { KIOSK_API } from '../../../../core/api/routes/kiosk';
import { issueChallenge } from '../../../domain/challenges';
import type { GuessCounts } from '../../../domain/guess-limits';
import type { Database } from '../../../store/database';
import type { KioskUseCases } from '../../../use-cases/kiosk';
import { COUPON_LIMIT_DEFAULTS, FailureLimit } from '../../auth/failure-limit';
import { replyError, replyWith } from '../../errors';
import type { Serve } from '../../serve';
import { terminalOf } from './signed';

/** The citizen's kiosk: a challenge for the card, a session after the PIN, and what it offers. */
export function serveKiosk(
  serve: Serve,
  db: Database,
  kiosk: KioskUseCases,
  today: () => string,
  guesses: GuessCounts,
  couponLimit: FailureLimit = new FailureLimit(COUPON_LIMIT_DEFAULTS),
): void {
  serve(KIOSK_API.issueChallenge, async (request) => {
    const issued = await issueChallenge(db, terminalOf(request).id);
    return {
      challengeId: issued.challengeId,
      challenge: Buffer.from(issued.challenge).toString('base64url'),
      expiresAt: issued.expiresAt,
    };
  });
  serve(KIOSK_API.openHolderSession, async (request, reply) =>
    replyWith(reply, await kiosk.openSession(terminalOf(request).id, request.body)),
  );
  serve(KIOSK_API.holderLinks, async (request, reply) =>
    replyWith(reply, await kiosk.linksOf(terminalOf(request).id, request.body.sessionToken)),
  );
  serve(KIOSK_API.holderPoints, async (request, reply) =>
    replyWith(
      reply,
      await kiosk.pointsOf(terminalOf(request).id, request.body.sessionToken, today()),
    ),
  );
  serve(KIOSK_API.holderHoldings, async (request, reply) =>
    replyWith(reply, await kiosk.holdingsOf(terminalOf(request).id, request.body.sessionToken)),
  );
  serve(KIOSK_API.placeHoldings, async (request, reply) => {
    const { sessionToken, municipalityCode } = request.body;
    return replyWith(
      reply,
      await kiosk.place(terminalOf(request).id, sessionToken, municipalityCode, today()),
    );
  });
  serve(KIOSK_API.redeemCoupon, async (request, reply) => {
    const terminalId = terminalOf(request).id;
    const { sessionToken, code } = request.body;
    const tried = await couponLimit.guard(
      guesses,
      'kiosk-code',
      terminalId,
      () => kiosk.redeemCoupon(terminalId, sessionToken, code, today()),
      // A code that reads well but names no coupon is a guess (a typo is caught by its check).
      (redeemed) => !redeemed.ok && redeemed.code === 'COUPON_INVALID',
    );
    if (tried.limited)
      return replyError(
        reply.header('retry-after', String(tried.retryAfterSeconds)),
        'COUPON_RATE_LIMITED',
      );
    return replyWith(reply, tried.answer);
  });
  serve(KIOSK_API.linkPartner, async (request, reply) => {
    const terminalId = terminalOf(request).id;
    // The same count as coupons: a guesser gains nothing by alternating the two.
    const tried = await couponLimit.guard(
      guesses,
      'kiosk-code',
      terminalId,
      () => kiosk.linkPartner(terminalId, request.body, today()),
      // A code that reads well but is not this customer's is a guess, as an unknown coupon is.
      (linked) => !linked.ok && linked.code === 'LINK_CODE_INVALID',
    );
    if (tried.limited)
      return replyError(
        reply.header('retry-after', String(tried.retryAfterSeconds)),
        'COUPON_RATE_LIMITED',
      );
    return replyWith(reply, tried.answer);
  });
  serve(KIOSK_API.setDefaultMunicipality, async (request, reply) => {
    const { sessionToken, municipalityCode } = request.body;
    return replyWith(
      reply,
      await kiosk.setDefaultMunicipality(terminalOf(request).id, sessionToken, municipalityCode),
    );
  });
  serve(KIOSK_API.removeHolderLink, async (request, reply) => {
    const { sessionToken, serviceCode } = request.body;
    const removed = await kiosk.removeLink(terminalOf(request).id, sessionToken, serviceCode);
    return replyWith(reply, removed);
  });
  serve(KIOSK_API.endHolderSession, async (request) =>
    kiosk.end(terminalOf(request).id, request.body.sessionToken),
  );
  serve(KIOSK_API.registerDefaultMyKeyId, async (request, reply) =>
    replyWith(reply, await kiosk.registerDefault(terminalOf(request).id, request.body)),
  );
  serve(KIOSK_API.reserveCustomMyKeyId, async (request, reply) =>
    replyWith(reply, await kiosk.reserveCustom(terminalOf(request).id, request.body)),
  );
}
