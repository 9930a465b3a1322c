import {
  holderHoldingsResponseSchema,
  municipalityChoiceSchema,
  partnerLinkRequestSchema,
  partnerLinkResponseSchema,
  placedResponseSchema,
  redeemCouponRequestSchema,
  redeemedCouponResponseSchema,
} from '../holder-holdings';
import { holderPointsResponseSchema } from '../holder-points';
import {
  challengeResponseSchema,
  endHolderSessionResponseSchema,
  holderSessionRequestSchema,
  holderSessionResponseSchema,
  linkedServicesResponseSchema,
  openHolderSessionRequestSchema,
  removeLinkRequestSchema,
  removeLinkResponseSchema,
} from '../holder-proof';
import {
  registerDefaultMyKeyIdRequestSchema,
  registerDefaultMyKeyIdResponseSchema,
  reserveCustomMyKeyIdRequestSchema,
  reserveCustomMyKeyIdResponseSchema,
} from '../mykeys';
import { route } from './route';

/** What the citizen's kiosk calls, signed as its terminal: the card's challenge, then a session. */
export const KIOSK_API = {
  openHolderSession: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions',
    auth: 'terminal-signature',
    description:
      'A kiosk session after one holder proof (10 minutes, memory only): the citizen’s My Key ID, reservation and links.',
    request: openHolderSessionRequestSchema,
    response: holderSessionResponseSchema,
  }),
  holderLinks: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/links',
    auth: 'terminal-signature',
    description: 'The services linked to the session holder’s My Key ID (names only).',
    request: holderSessionRequestSchema,
    response: linkedServicesResponseSchema,
  }),
  holderPoints: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/points',
    auth: 'terminal-signature',
    description:
      'The session holder’s points: each programme’s balance, what expires in 90 days, and the entries held.',
    request: holderSessionRequestSchema,
    response: holderPointsResponseSchema,
  }),
  holderHoldings: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/holdings',
    auth: 'terminal-signature',
    description:
      'The session holder’s converted points waiting for a municipality (留保ポイント), their default municipality and the municipalities with 自治体ポイント.',
    request: holderSessionRequestSchema,
    response: holderHoldingsResponseSchema,
  }),
  placeHoldings: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/holdings/place',
    auth: 'terminal-signature',
    description:
      'Places all the session holder’s converted points in a municipality’s 自治体ポイント, with its premium.',
    request: municipalityChoiceSchema,
    response: placedResponseSchema,
  }),
  redeemCoupon: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/coupons',
    auth: 'terminal-signature',
    description:
      'A partner’s coupon code into the session holder’s holding account; wrong codes are limited per kiosk (COUPON_RATE_LIMITED).',
    request: redeemCouponRequestSchema,
    response: redeemedCouponResponseSchema,
  }),
  linkPartner: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/partner-links',
    auth: 'terminal-signature',
    description:
      'ID連携: the session holder links their customer number at a partner, proved by the partner’s 連携コード; wrong codes count against the kiosk as coupon guesses do.',
    request: partnerLinkRequestSchema,
    response: partnerLinkResponseSchema,
  }),
  setDefaultMunicipality: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/default-municipality',
    auth: 'terminal-signature',
    description:
      '基本自治体: where the session holder’s converted points go when they have not chosen within the holding days.',
    request: municipalityChoiceSchema,
    response: municipalityChoiceSchema.pick({ municipalityCode: true }),
  }),
  removeHolderLink: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/links/remove',
    auth: 'terminal-signature',
    description: 'The session holder removes one of their links.',
    request: removeLinkRequestSchema,
    response: removeLinkResponseSchema,
  }),
  endHolderSession: route({
    method: 'POST',
    path: '/v1/terminal/holder-sessions/end',
    auth: 'terminal-signature',
    description: 'The kiosk ends the session (card removed, idle, done).',
    request: holderSessionRequestSchema,
    response: endHolderSessionResponseSchema,
  }),
  issueChallenge: route({
    method: 'POST',
    path: '/v1/terminal/challenges',
    auth: 'terminal-signature',
    description:
      '公的個人認証: a one-time challenge (5 minutes) for the card to sign after the holder’s PIN.',
    request: null,
    response: challengeResponseSchema,
  }),
  registerDefaultMyKeyId: route({
    method: 'POST',
    path: '/v1/terminal/mykeys/default',
    auth: 'terminal-signature',
    description: 'Register the certificate’s default random string as the My Key ID.',
    request: registerDefaultMyKeyIdRequestSchema,
    response: registerDefaultMyKeyIdResponseSchema,
  }),
  reserveCustomMyKeyId: route({
    method: 'POST',
    path: '/v1/terminal/mykeys/custom-reservations',
    auth: 'terminal-signature',
    description:
      '仮登録: reserve a custom My Key ID until the municipal window reissues the certificate.',
    request: reserveCustomMyKeyIdRequestSchema,
    response: reserveCustomMyKeyIdResponseSchema,
  }),
} as const;
