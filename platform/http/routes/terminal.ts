import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  challengeResponseSchema,
  endHolderSessionResponseSchema,
  type HolderProof,
  holderSessionRequestSchema,
  holderSessionResponseSchema,
  linkedServicesResponseSchema,
  openHolderSessionRequestSchema,
  removeLinkRequestSchema,
  removeLinkResponseSchema,
} from '../../../core/api/holder-proof';
import {
  lookupRequestSchema,
  lookupResponseSchema,
  registerLinkRequestSchema,
  registerLinkResponseSchema,
} from '../../../core/api/links';
import {
  registerDefaultMyKeyIdRequestSchema,
  registerDefaultMyKeyIdResponseSchema,
  reserveCustomMyKeyIdRequestSchema,
  reserveCustomMyKeyIdResponseSchema,
} from '../../../core/api/mykeys';
import {
  type OperationResult,
  syncRequestSchema,
  syncResponseSchema,
} from '../../../core/api/sync';
import {
  enrolRequestSchema,
  enrolResponseSchema,
  terminalServicesResponseSchema,
} from '../../../core/api/terminals';
import {
  type AuthCertificateIdentity,
  parseAuthCertificate,
} from '../../../core/certificates/auth-certificate';
import { errorMessage } from '../../../core/error-messages';
import type { MyKeyId } from '../../../core/mykey-id';
import { checkHolder } from '../../certificates/holder-proof';
import type { TrustAnchors } from '../../certificates/trust-anchors';
import { servicesOfProvider } from '../../domain/catalogue';
import { issueChallenge } from '../../domain/challenges';
import { holderView, linkedServices, removeLink } from '../../domain/holder-view';
import { lookupServiceId, registerLink } from '../../domain/links';
import { registerDefaultMyKeyId, reserveCustomMyKeyId } from '../../domain/mykeys';
import type { OperationMacs } from '../../domain/operation-macs';
import { fail, ok, type Result } from '../../domain/result';
import { applyBatch, type StoredResult } from '../../domain/sync';
import { enrolTerminal } from '../../domain/terminals';
import type { Database } from '../../store/database';
import { EnrolmentLimit } from '../auth/enrolment-limit';
import { HolderSessions } from '../auth/holder-sessions';
import { requireTerminal, type TerminalAuthOptions } from '../auth/terminal-auth';
import type { KnownTerminal } from '../auth/terminal-directory';
import { replyError } from '../errors';

const security = [{ terminalSignature: [] }];

function terminalOf(request: { terminal?: KnownTerminal }): KnownTerminal {
  if (request.terminal === undefined)
    throw new Error('terminal route reached without authentication');
  return request.terminal;
}

function toWire(operationId: string, result: StoredResult): OperationResult {
  return result.status === 'applied'
    ? { operationId, status: 'applied', outcome: result.outcome }
    : {
        operationId,
        status: 'rejected',
        error: { code: result.code, message: errorMessage(result.code, 'en') },
      };
}

/** Routes a terminal calls; every one but enrolment is signed. */
export function terminalRoutes(
  db: Database,
  auth: TerminalAuthOptions,
  config: {
    reservationDays: number;
    anchors: TrustAnchors;
    requireCrl: boolean;
    operationMacs: OperationMacs;
  },
  enrolmentLimit: EnrolmentLimit = new EnrolmentLimit(),
): FastifyPluginAsyncZod {
  const sessions = new HolderSessions();
  return async (app) => {
    app.post(
      '/terminals/enrol',
      {
        schema: {
          tags: ['terminal'],
          description:
            'A new terminal sends the public key it generated, with its one-time enrolment code.',
          body: enrolRequestSchema,
          response: { 200: enrolResponseSchema },
        },
      },
      async (request, reply) => {
        const wait = enrolmentLimit.retryAfterSeconds(request.ip);
        if (wait > 0)
          return replyError(reply.header('retry-after', String(wait)), 'ENROLMENT_RATE_LIMITED');
        const result = await enrolTerminal(db, request.body);
        if (!result.ok && result.code === 'ENROLMENT_CODE_INVALID')
          enrolmentLimit.recordFailure(request.ip);
        if (result.ok) auth.directory.forget(result.value.terminalId);
        return result.ok ? result.value : replyError(reply, result.code);
      },
    );

    app.register(async (signed) => {
      // Authenticate before validating: a stranger learns nothing, not even the schema.
      signed.addHook('preValidation', requireTerminal(auth));
      const tags = ['terminal'];
      const s = signed.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();

      s.get(
        '/terminal/services',
        { schema: { tags, security, response: { 200: terminalServicesResponseSchema } } },
        async (request) => {
          const terminal = terminalOf(request);
          return {
            terminalId: terminal.id,
            providerCode: terminal.providerCode,
            services: await servicesOfProvider(db, terminal.providerCode),
          };
        },
      );
      s.post(
        '/terminal/links',
        {
          schema: {
            tags,
            security,
            description: 'サービスID登録: link a service ID to a My Key ID (online path).',
            body: registerLinkRequestSchema,
            response: { 200: registerLinkResponseSchema },
          },
        },
        async (request, reply) => {
          const result = await registerLink(db, terminalOf(request), request.body);
          return result.ok ? { outcome: result.value } : replyError(reply, result.code);
        },
      );
      s.post(
        '/terminal/lookup',
        {
          schema: {
            tags,
            security,
            description: 'マイキーID照会: the service ID for one of this terminal’s services.',
            body: lookupRequestSchema,
            response: { 200: lookupResponseSchema },
          },
        },
        async (request, reply) => {
          const result = await lookupServiceId(db, terminalOf(request), request.body);
          return result.ok ? result.value : replyError(reply, result.code);
        },
      );
      s.post(
        '/terminal/sync',
        {
          schema: {
            tags,
            security,
            description:
              'Offline batch: up to 500 operations, applied in order, each exactly once by its operationId (remembered for at least 90 days).',
            body: syncRequestSchema,
            response: { 200: syncResponseSchema },
          },
        },
        async (request) => {
          const results = await applyBatch(
            db,
            terminalOf(request),
            request.body.operations,
            config.operationMacs,
          );
          return { results: results.map((r) => toWire(r.operationId, r.result)) };
        },
      );
      /**
       * The card holder is present: the certificate's key signed this terminal's challenge, or a
       * kiosk session opened that way for this very certificate is still live.
       */
      /**
       * The certificate in the body, once the holder is shown present: by a proof over this
       * terminal's challenge, or by a session such a proof opened for this same certificate.
       */
      const presentHolder = async (request: {
        terminal?: KnownTerminal;
        body: {
          certificate: string;
          proof?: HolderProof | undefined;
          sessionToken?: string | undefined;
        };
      }): Promise<Result<AuthCertificateIdentity>> => {
        const parsed = parseAuthCertificate(request.body.certificate);
        if (!parsed.ok) return fail('CERTIFICATE_INVALID');
        const identity = parsed.identity;
        const terminalId = terminalOf(request).id;
        const { proof, sessionToken } = request.body;
        if (proof !== undefined) {
          const checked = await checkHolder(
            db,
            terminalId,
            Buffer.from(request.body.certificate, 'base64'),
            identity,
            proof,
            { anchors: config.anchors, requireCrl: config.requireCrl },
          );
          return checked.ok ? ok(identity) : checked;
        }
        if (sessionToken === undefined) return fail('VALIDATION_FAILED');
        const session = sessions.find(sessionToken, terminalId);
        return session !== undefined &&
          session.issuer === identity.issuer &&
          session.serial === identity.serial
          ? ok(identity)
          : fail('HOLDER_SESSION_INVALID');
      };
      const sessionOf = (request: { terminal?: KnownTerminal; body: { sessionToken: string } }) =>
        sessions.find(request.body.sessionToken, terminalOf(request).id);

      s.post(
        '/terminal/holder-sessions',
        {
          schema: {
            tags,
            security,
            description:
              'A kiosk session after one holder proof (10 minutes, memory only): the citizen’s My Key ID, reservation and links.',
            body: openHolderSessionRequestSchema,
            response: { 200: holderSessionResponseSchema },
          },
        },
        async (request, reply) => {
          const holder = await presentHolder(request);
          if (!holder.ok) return replyError(reply, holder.code);
          const { issuer, serial } = holder.value;
          const opened = sessions.open({ terminalId: terminalOf(request).id, issuer, serial });
          return {
            sessionToken: opened.token,
            expiresAt: new Date(opened.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            ...(await holderView(db, { issuer, serial })),
          };
        },
      );
      s.post(
        '/terminal/holder-sessions/links',
        {
          schema: {
            tags,
            security,
            description: 'The services linked to the session holder’s My Key ID (names only).',
            body: holderSessionRequestSchema,
            response: { 200: linkedServicesResponseSchema },
          },
        },
        async (request, reply) => {
          const session = sessionOf(request);
          if (session === undefined) return replyError(reply, 'HOLDER_SESSION_INVALID');
          const view = await holderView(db, session);
          return { links: view.myKeyId === null ? [] : await linkedServices(db, view.myKeyId) };
        },
      );
      s.post(
        '/terminal/holder-sessions/links/remove',
        {
          schema: {
            tags,
            security,
            description: 'The session holder removes one of their links.',
            body: removeLinkRequestSchema,
            response: { 200: removeLinkResponseSchema },
          },
        },
        async (request, reply) => {
          const session = sessionOf(request);
          if (session === undefined) return replyError(reply, 'HOLDER_SESSION_INVALID');
          const view = await holderView(db, session);
          if (view.myKeyId === null) return replyError(reply, 'CERTIFICATE_NOT_REGISTERED');
          const removed = await removeLink(db, view.myKeyId, request.body.serviceCode);
          return removed.ok ? removed.value : replyError(reply, removed.code);
        },
      );
      s.post(
        '/terminal/holder-sessions/end',
        {
          schema: {
            tags,
            security,
            description: 'The kiosk ends the session (card removed, idle, done).',
            body: holderSessionRequestSchema,
            response: { 200: endHolderSessionResponseSchema },
          },
        },
        async (request) => {
          sessions.end(request.body.sessionToken);
          return { ended: true as const };
        },
      );
      s.post(
        '/terminal/challenges',
        {
          schema: {
            tags,
            security,
            description:
              '公的個人認証: a one-time challenge (5 minutes) for the card to sign after the holder’s PIN.',
            response: { 200: challengeResponseSchema },
          },
        },
        async (request) => {
          const issued = await issueChallenge(db, terminalOf(request).id);
          return {
            challengeId: issued.challengeId,
            challenge: Buffer.from(issued.challenge).toString('base64url'),
            expiresAt: issued.expiresAt,
          };
        },
      );
      s.post(
        '/terminal/mykeys/default',
        {
          schema: {
            tags,
            security,
            description: 'Register the certificate’s default random string as the My Key ID.',
            body: registerDefaultMyKeyIdRequestSchema,
            response: { 200: registerDefaultMyKeyIdResponseSchema },
          },
        },
        async (request, reply) => {
          const holder = await presentHolder(request);
          if (!holder.ok) return replyError(reply, holder.code);
          const result = await registerDefaultMyKeyId(db, holder.value);
          return result.ok ? result.value : replyError(reply, result.code);
        },
      );
      s.post(
        '/terminal/mykeys/custom-reservations',
        {
          schema: {
            tags,
            security,
            description:
              '仮登録: reserve a custom My Key ID until the municipal window reissues the certificate.',
            body: reserveCustomMyKeyIdRequestSchema,
            response: { 200: reserveCustomMyKeyIdResponseSchema },
          },
        },
        async (request, reply) => {
          const holder = await presentHolder(request);
          if (!holder.ok) return replyError(reply, holder.code);
          // The schema has checked the ID against the rules.
          const myKeyId = request.body.myKeyId as MyKeyId;
          const result = await reserveCustomMyKeyId(
            db,
            holder.value,
            myKeyId,
            config.reservationDays,
          );
          return result.ok
            ? { ...result.value, outcome: 'reserved' as const }
            : replyError(reply, result.code);
        },
      );
    });
  };
}
