import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HolderProof } from '../../../core/api/holder-proof';
import { pathUnderVersion, TERMINAL_API } from '../../../core/api/routes';
import type { OperationResult } from '../../../core/api/sync';
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
import { schemaOf } from '../api-route';
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
      pathUnderVersion(TERMINAL_API.enrol),
      { schema: schemaOf(TERMINAL_API.enrol, { tags: ['terminal'] }) },
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
        pathUnderVersion(TERMINAL_API.services),
        { schema: schemaOf(TERMINAL_API.services, { tags, security }) },
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
        pathUnderVersion(TERMINAL_API.registerLink),
        { schema: schemaOf(TERMINAL_API.registerLink, { tags, security }) },
        async (request, reply) => {
          const result = await registerLink(db, terminalOf(request), request.body);
          return result.ok ? { outcome: result.value } : replyError(reply, result.code);
        },
      );
      s.post(
        pathUnderVersion(TERMINAL_API.lookup),
        { schema: schemaOf(TERMINAL_API.lookup, { tags, security }) },
        async (request, reply) => {
          const result = await lookupServiceId(db, terminalOf(request), request.body);
          return result.ok ? result.value : replyError(reply, result.code);
        },
      );
      s.post(
        pathUnderVersion(TERMINAL_API.sync),
        { schema: schemaOf(TERMINAL_API.sync, { tags, security }) },
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
        pathUnderVersion(TERMINAL_API.openHolderSession),
        { schema: schemaOf(TERMINAL_API.openHolderSession, { tags, security }) },
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
        pathUnderVersion(TERMINAL_API.holderLinks),
        { schema: schemaOf(TERMINAL_API.holderLinks, { tags, security }) },
        async (request, reply) => {
          const session = sessionOf(request);
          if (session === undefined) return replyError(reply, 'HOLDER_SESSION_INVALID');
          const view = await holderView(db, session);
          return { links: view.myKeyId === null ? [] : await linkedServices(db, view.myKeyId) };
        },
      );
      s.post(
        pathUnderVersion(TERMINAL_API.removeHolderLink),
        { schema: schemaOf(TERMINAL_API.removeHolderLink, { tags, security }) },
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
        pathUnderVersion(TERMINAL_API.endHolderSession),
        { schema: schemaOf(TERMINAL_API.endHolderSession, { tags, security }) },
        async (request) => {
          sessions.end(request.body.sessionToken);
          return { ended: true as const };
        },
      );
      s.post(
        pathUnderVersion(TERMINAL_API.issueChallenge),
        { schema: schemaOf(TERMINAL_API.issueChallenge, { tags, security }) },
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
        pathUnderVersion(TERMINAL_API.registerDefaultMyKeyId),
        { schema: schemaOf(TERMINAL_API.registerDefaultMyKeyId, { tags, security }) },
        async (request, reply) => {
          const holder = await presentHolder(request);
          if (!holder.ok) return replyError(reply, holder.code);
          const result = await registerDefaultMyKeyId(db, holder.value);
          return result.ok ? result.value : replyError(reply, result.code);
        },
      );
      s.post(
        pathUnderVersion(TERMINAL_API.reserveCustomMyKeyId),
        { schema: schemaOf(TERMINAL_API.reserveCustomMyKeyId, { tags, security }) },
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
