import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { KIOSK_API } from '../../../../core/api/routes/kiosk';
import { pathUnderVersion } from '../../../../core/api/routes/route';
import { issueChallenge } from '../../../domain/challenges';
import type { GuessCounts } from '../../../domain/guess-limits';
import type { Database } from '../../../store/database';
import type { KioskUseCases } from '../../../use-cases/kiosk';
import { schemaOf } from '../../api-route';
import { COUPON_LIMIT_DEFAULTS, FailureLimit } from '../../auth/failure-limit';
import { replyError, replyWith } from '../../errors';
import { signedGroup, terminalOf } from './signed';

/** The citizen's kiosk: a challenge for the card, a session after the PIN, and what it offers. */
export function kioskRoutes(
  db: Database,
  kiosk: KioskUseCases,
  today: () => string,
  guesses: GuessCounts,
  couponLimit: FailureLimit = new FailureLimit(COUPON_LIMIT_DEFAULTS),
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      pathUnderVersion(KIOSK_API.issueChallenge),
      { schema: schemaOf(KIOSK_API.issueChallenge, signedGroup) },
      async (request) => {
        const issued = await issueChallenge(db, terminalOf(request).id);
        return {
          challengeId: issued.challengeId,
          challenge: Buffer.from(issued.challenge).toString('base64url'),
          expiresAt: issued.expiresAt,
        };
      },
    );
    app.post(
      pathUnderVersion(KIOSK_API.openHolderSession),
      { schema: schemaOf(KIOSK_API.openHolderSession, signedGroup) },
      async (request, reply) =>
        replyWith(reply, await kiosk.openSession(terminalOf(request).id, request.body)),
    );
    app.post(
      pathUnderVersion(KIOSK_API.holderLinks),
      { schema: schemaOf(KIOSK_API.holderLinks, signedGroup) },
      async (request, reply) =>
        replyWith(reply, await kiosk.linksOf(terminalOf(request).id, request.body.sessionToken)),
    );
    app.post(
      pathUnderVersion(KIOSK_API.holderPoints),
      { schema: schemaOf(KIOSK_API.holderPoints, signedGroup) },
      async (request, reply) =>
        replyWith(
          reply,
          await kiosk.pointsOf(terminalOf(request).id, request.body.sessionToken, today()),
        ),
    );
    app.post(
      pathUnderVersion(KIOSK_API.holderHoldings),
      { schema: schemaOf(KIOSK_API.holderHoldings, signedGroup) },
      async (request, reply) =>
        replyWith(reply, await kiosk.holdingsOf(terminalOf(request).id, request.body.sessionToken)),
    );
    app.post(
      pathUnderVersion(KIOSK_API.placeHoldings),
      { schema: schemaOf(KIOSK_API.placeHoldings, signedGroup) },
      async (request, reply) => {
        const { sessionToken, municipalityCode } = request.body;
        return replyWith(
          reply,
          await kiosk.place(terminalOf(request).id, sessionToken, municipalityCode, today()),
        );
      },
    );
    app.post(
      pathUnderVersion(KIOSK_API.redeemCoupon),
      { schema: schemaOf(KIOSK_API.redeemCoupon, signedGroup) },
      async (request, reply) => {
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
      },
    );
    app.post(
      pathUnderVersion(KIOSK_API.linkPartner),
      { schema: schemaOf(KIOSK_API.linkPartner, signedGroup) },
      async (request, reply) => {
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
      },
    );
    app.post(
      pathUnderVersion(KIOSK_API.setDefaultMunicipality),
      { schema: schemaOf(KIOSK_API.setDefaultMunicipality, signedGroup) },
      async (request, reply) => {
        const { sessionToken, municipalityCode } = request.body;
        return replyWith(
          reply,
          await kiosk.setDefaultMunicipality(
            terminalOf(request).id,
            sessionToken,
            municipalityCode,
          ),
        );
      },
    );
    app.post(
      pathUnderVersion(KIOSK_API.removeHolderLink),
      { schema: schemaOf(KIOSK_API.removeHolderLink, signedGroup) },
      async (request, reply) => {
        const { sessionToken, serviceCode } = request.body;
        const removed = await kiosk.removeLink(terminalOf(request).id, sessionToken, serviceCode);
        return replyWith(reply, removed);
      },
    );
    app.post(
      pathUnderVersion(KIOSK_API.endHolderSession),
      { schema: schemaOf(KIOSK_API.endHolderSession, signedGroup) },
      async (request) => kiosk.end(terminalOf(request).id, request.body.sessionToken),
    );
    app.post(
      pathUnderVersion(KIOSK_API.registerDefaultMyKeyId),
      { schema: schemaOf(KIOSK_API.registerDefaultMyKeyId, signedGroup) },
      async (request, reply) =>
        replyWith(reply, await kiosk.registerDefault(terminalOf(request).id, request.body)),
    );
    app.post(
      pathUnderVersion(KIOSK_API.reserveCustomMyKeyId),
      { schema: schemaOf(KIOSK_API.reserveCustomMyKeyId, signedGroup) },
      async (request, reply) =>
        replyWith(reply, await kiosk.reserveCustom(terminalOf(request).id, request.body)),
    );
  };
}
