import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  catalogueSchema,
  municipalitySchema,
  providerSchema,
  serviceSchema,
  statsSchema,
} from '../../../core/api/catalogue';
import { API_VERSION, providerCodeSchema, serviceCodeSchema } from '../../../core/api/common';
import { loadCrlRequestSchema, loadCrlResponseSchema } from '../../../core/api/holder-proof';
import { renewalRequestSchema, renewalResponseSchema } from '../../../core/api/mykeys';
import { WINDOW_API } from '../../../core/api/routes/window';
import {
  createTerminalRequestSchema,
  createTerminalResponseSchema,
  terminalIdSchema,
  terminalSchema,
} from '../../../core/api/terminals';
import { japanDay } from '../../../core/points/japan-day';
import { ok } from '../../../core/result';
import type { StandingOptions } from '../../certificates/certificate-standing';
import { loadCrl } from '../../certificates/crl';
import type { AdminRole } from '../../domain/admins';
import {
  createMunicipality,
  createProvider,
  createService,
  readCatalogue,
  setLinkNeedsPin,
} from '../../domain/catalogue';
import { readStats } from '../../domain/stats';
import {
  createTerminal,
  listTerminals,
  reissueEnrolmentCode,
  revokeTerminal,
} from '../../domain/terminals';
import type { Database } from '../../store/database';
import { finaliseReissued } from '../../use-cases/finalise';
import { applyRenewal } from '../../use-cases/renewals';
import { schemaOf } from '../api-route';
import { requireAdmin } from '../auth/admin-auth';
import type { TerminalDirectory } from '../auth/terminal-directory';
import { replyWith } from '../errors';
import { registerPointsAdmin } from './admin-points';

const security = [{ adminToken: [] }];

export function adminRoutes(
  db: Database,
  directory: TerminalDirectory,
  standing: StandingOptions,
  today: () => string = () => japanDay(),
): FastifyPluginAsyncZod {
  return async (app) => {
    // Authenticate before validating: a stranger learns nothing, not even the schema.
    app.addHook('preValidation', requireAdmin(db, roleMayUse));
    const tags = ['admin'];

    app.get('/catalogue', { schema: { tags, security, response: { 200: catalogueSchema } } }, () =>
      readCatalogue(db),
    );
    app.get('/stats', { schema: { tags, security, response: { 200: statsSchema } } }, () =>
      readStats(db),
    );

    app.post(
      '/municipalities',
      {
        schema: { tags, security, body: municipalitySchema, response: { 201: municipalitySchema } },
      },
      async (request, reply) => {
        const result = await createMunicipality(db, request.body);
        return replyWith(reply, result, 201);
      },
    );
    app.post(
      '/providers',
      { schema: { tags, security, body: providerSchema, response: { 201: providerSchema } } },
      async (request, reply) => {
        const result = await createProvider(db, request.body);
        return replyWith(reply, result, 201);
      },
    );
    app.post(
      '/services',
      { schema: { tags, security, body: serviceSchema, response: { 201: serviceSchema } } },
      async (request, reply) => {
        const result = await createService(db, request.body);
        if (result.ok) directory.forget();
        return replyWith(reply, result, 201);
      },
    );
    app.put(
      '/services/:code/link-pin',
      {
        schema: {
          tags,
          security,
          description: 'Whether linking this service needs the holder’s PIN (the 2024 rules).',
          params: z.object({ code: serviceCodeSchema }),
          body: z.object({ linkNeedsPin: z.boolean() }),
          response: { 200: serviceSchema },
        },
      },
      async (request, reply) =>
        replyWith(reply, await setLinkNeedsPin(db, request.params.code, request.body.linkNeedsPin)),
    );

    app.get(
      '/terminals',
      {
        schema: {
          tags,
          security,
          querystring: z.object({ providerCode: providerCodeSchema.optional() }),
          response: { 200: z.object({ terminals: z.array(terminalSchema) }) },
        },
      },
      async (request) => ({ terminals: await listTerminals(db, request.query.providerCode) }),
    );
    app.post(
      '/terminals',
      {
        schema: {
          tags,
          security,
          body: createTerminalRequestSchema,
          response: { 201: createTerminalResponseSchema },
        },
      },
      async (request, reply) => {
        const result = await createTerminal(db, request.body);
        return replyWith(reply, result, 201);
      },
    );
    const terminalParams = z.object({ terminalId: terminalIdSchema });
    app.post(
      '/terminals/:terminalId/revoke',
      {
        schema: {
          tags,
          security,
          params: terminalParams,
          response: { 200: z.object({ revoked: z.literal(true) }) },
        },
      },
      async (request, reply) => {
        const result = await revokeTerminal(db, request.params.terminalId);
        directory.forget(request.params.terminalId);
        return replyWith(reply, result.ok ? ok({ revoked: true as const }) : result);
      },
    );
    app.post(
      '/terminals/:terminalId/enrolment-code',
      {
        schema: {
          tags,
          security,
          params: terminalParams,
          response: { 200: z.object({ enrolmentCode: z.string() }) },
        },
      },
      async (request, reply) => {
        const result = await reissueEnrolmentCode(db, request.params.terminalId);
        directory.forget(request.params.terminalId);
        return replyWith(reply, result);
      },
    );

    app.post(
      WINDOW_API.finaliseCustomMyKeyId.path.slice(ADMIN_PREFIX.length),
      { schema: schemaOf(WINDOW_API.finaliseCustomMyKeyId, { tags, security }) },
      async (request, reply) =>
        replyWith(reply, await finaliseReissued(db, request.body.certificate, standing)),
    );
    app.post(
      '/renewals',
      {
        schema: {
          tags,
          security,
          description:
            'Certificate renewal: a default ID moves to the new random string with its links. The new certificate must come from a trusted JPKI CA.',
          body: renewalRequestSchema,
          response: { 200: renewalResponseSchema },
        },
      },
      async (request, reply) => {
        const result = await applyRenewal(db, standing.anchors, request.body);
        return replyWith(reply, result);
      },
    );
    registerPointsAdmin(app, db, directory, today);
    app.post(
      '/crls',
      {
        schema: {
          tags,
          security,
          description:
            'Load an issuer’s CRL (PEM, or DER as base64), signed by a trusted JPKI CA; it replaces that issuer’s list.',
          body: loadCrlRequestSchema,
          response: { 200: loadCrlResponseSchema },
        },
      },
      async (request, reply) => {
        const result = await loadCrl(db, standing.anchors, request.body.crl);
        return replyWith(reply, result);
      },
    );
  };
}

export const ADMIN_PREFIX = `/${API_VERSION}/admin`;

/** Window staff (本登録) reach this route only; operators reach every admin route. */
const WINDOW_ROUTES = new Set<string>([WINDOW_API.finaliseCustomMyKeyId.path]);

function roleMayUse(role: AdminRole, route: string): boolean {
  return role === 'operator' || WINDOW_ROUTES.has(route);
}
