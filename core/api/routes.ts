import type { z } from 'zod';
import { API_VERSION } from './common';
import {
  challengeResponseSchema,
  endHolderSessionResponseSchema,
  holderSessionRequestSchema,
  holderSessionResponseSchema,
  linkedServicesResponseSchema,
  openHolderSessionRequestSchema,
  removeLinkRequestSchema,
  removeLinkResponseSchema,
} from './holder-proof';
import {
  lookupRequestSchema,
  lookupResponseSchema,
  registerLinkRequestSchema,
  registerLinkResponseSchema,
} from './links';
import {
  finaliseCustomMyKeyIdRequestSchema,
  finaliseCustomMyKeyIdResponseSchema,
  registerDefaultMyKeyIdRequestSchema,
  registerDefaultMyKeyIdResponseSchema,
  reserveCustomMyKeyIdRequestSchema,
  reserveCustomMyKeyIdResponseSchema,
} from './mykeys';
import { syncRequestSchema, syncResponseSchema } from './sync';
import {
  enrolRequestSchema,
  enrolResponseSchema,
  terminalServicesResponseSchema,
} from './terminals';

/**
 * One call the app makes to the platform, written once: the platform registers its handler from
 * this entry and the app's client sends and reads with it, so a path, a body and an answer cannot
 * drift apart. `request: null` is a call with no body to read (the client still sends `{}` on a
 * POST, which the platform ignores).
 */
export interface ApiRoute<Request extends z.ZodType | null, Response extends z.ZodType> {
  method: 'GET' | 'POST';
  /** The whole path as a client sends it, version included. */
  path: `/${typeof API_VERSION}/${string}`;
  /**
   * Who may call: a new terminal with its one-time code, an enrolled terminal signing the request
   * (RFC 9421), or an admin with a Bearer token.
   */
  auth: 'enrolment-code' | 'terminal-signature' | 'admin-token';
  /** What the call does, for people: the OpenAPI description. */
  description: string;
  request: Request;
  response: Response;
}

const route = <Request extends z.ZodType | null, Response extends z.ZodType>(
  spec: ApiRoute<Request, Response>,
) => spec;

export type AnyApiRoute = ApiRoute<z.ZodType | null, z.ZodType>;
export type RequestOf<R extends AnyApiRoute> = R['request'] extends z.ZodType
  ? z.input<R['request']>
  : Record<string, never>;
export type ResponseOf<R extends AnyApiRoute> = z.output<R['response']>;

/** The path as the platform registers it, under its `/v1` prefix. */
export const pathUnderVersion = (spec: AnyApiRoute): string =>
  spec.path.slice(API_VERSION.length + 1);

/** Every call a reception terminal, kiosk or window makes. */
export const TERMINAL_API = {
  enrol: route({
    method: 'POST',
    path: '/v1/terminals/enrol',
    auth: 'enrolment-code',
    description:
      'A new terminal sends the public key it generated, with its one-time enrolment code.',
    request: enrolRequestSchema,
    response: enrolResponseSchema,
  }),
  services: route({
    method: 'GET',
    path: '/v1/terminal/services',
    auth: 'terminal-signature',
    description: 'The services of this terminal’s own provider.',
    request: null,
    response: terminalServicesResponseSchema,
  }),
  registerLink: route({
    method: 'POST',
    path: '/v1/terminal/links',
    auth: 'terminal-signature',
    description: 'サービスID登録: link a service ID to a My Key ID (online path).',
    request: registerLinkRequestSchema,
    response: registerLinkResponseSchema,
  }),
  lookup: route({
    method: 'POST',
    path: '/v1/terminal/lookup',
    auth: 'terminal-signature',
    description: 'マイキーID照会: the service ID for one of this terminal’s services.',
    request: lookupRequestSchema,
    response: lookupResponseSchema,
  }),
  sync: route({
    method: 'POST',
    path: '/v1/terminal/sync',
    auth: 'terminal-signature',
    description:
      'Offline batch: up to 500 operations, applied in order, each exactly once by its operationId (remembered for at least 90 days).',
    request: syncRequestSchema,
    response: syncResponseSchema,
  }),
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

/** The one admin call the app makes: 本登録 at the municipal window. */
export const WINDOW_API = {
  finaliseCustomMyKeyId: route({
    method: 'POST',
    path: '/v1/admin/mykeys/finalise',
    auth: 'admin-token',
    description:
      '本登録: the municipal window finalises a reserved custom ID with the reissued certificate, which must chain to a trusted JPKI CA, be within its validity and not be revoked.',
    request: finaliseCustomMyKeyIdRequestSchema,
    response: finaliseCustomMyKeyIdResponseSchema,
  }),
} as const;
