import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { API_VERSION } from '../../core/api/common';
import { japanDay } from '../../core/points/japan-day';
import { TrustAnchors } from '../certificates/trust-anchors';
import { OperationMacs } from '../domain/operation-macs';
import type { PlatformConfig } from '../process/config';
import type { Database } from '../store/database';
import { holderSessionKey } from '../use-cases/holder-sessions';
import type { FailureLimit } from './auth/failure-limit';
import { ReplayGuard } from './auth/replay-guard';
import { TerminalDirectory } from './auth/terminal-directory';
import { handleError, replyError } from './errors';
import { PrivacyLogController } from './privacy-log-controller';
import { parseJsonKeepingRawBody } from './raw-body';
import { ADMIN_PREFIX, adminRoutes } from './routes/admin';
import { metaRoutes } from './routes/meta';
import { partnerRoutes } from './routes/partner';
import { terminalRoutes } from './routes/terminal/index';
import { serveApp } from './serve-app';

export interface PlatformApp {
  app: FastifyInstance;
  directory: TerminalDirectory;
  anchors: TrustAnchors;
}

export async function buildPlatformApp(options: {
  db: Database;
  config: PlatformConfig;
  logger: Logger;
  /** Defaults to the certificates under config.trustAnchorPaths. */
  anchors?: TrustAnchors;
  /** Defaults to ENROLMENT_LIMIT_DEFAULTS on the real clock. */
  enrolmentLimit?: FailureLimit;
  /** Keys the MACs of stored operations; main.ts passes the persistent one (operation-key.ts). */
  operationKey?: Buffer;
  /** The calendar day in Japan for points (awards, caps, expiry); tests move it. */
  today?: () => string;
}): Promise<PlatformApp> {
  const { db, config, logger } = options;
  const anchors = options.anchors ?? TrustAnchors.fromPaths(config.trustAnchorPaths);
  const tls =
    config.tls === undefined
      ? undefined
      : { cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) };
  const app = Fastify({
    // HTTPS when configured (HTTP/1.1: the app's requests are few and small).
    ...(tls === undefined
      ? {}
      : { serverFactory: (handler: RequestListener) => createHttpsServer(tls, handler) }),
    loggerInstance: logger as FastifyBaseLogger,
    logController: new PrivacyLogController(),
    bodyLimit: config.bodyLimitBytes,
    // Stopping must not wait for a browser's open connection (a tablet keeps one for minutes):
    // close every connection at once, so the data folder is free for the next start.
    forceCloseConnections: true,
    // A path the router cannot take (a parameter past its length, broken %-encoding) gets the
    // platform's own error shape, like every other refusal.
    frameworkErrors: (_error, _request, reply) => replyError(reply, 'VALIDATION_FAILED'),
    // Behind a reverse proxy, the client's address (for the enrolment limit) is in X-Forwarded-For.
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => replyError(reply, 'NOT_FOUND'));
  parseJsonKeepingRawBody(app, config.bodyLimitBytes);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MyKey Platform API',
        version: API_VERSION,
        description:
          'My Key IDs, providers, services, terminals, links and lookups. Generated from the schemas in core/api.',
      },
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'An operator token (mka_…).' },
          terminalSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'Signature',
            description:
              'RFC 9421 HTTP Message Signature, ecdsa-p256-sha256, label sig1, covering "@method" "@path" "@query" and "content-digest" (RFC 9530, sha-256) when there is a body; parameters created, nonce, keyid (the terminal id) and alg.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  const directory = new TerminalDirectory(db);
  // Every process forgets a changed terminal as soon as the database announces it (migration 0014).
  const stopFollowing = directory.follow(db);
  app.addHook('onClose', async () => stopFollowing());
  const replayGuard = new ReplayGuard(db.unsynced, config.signatureMaxSkewSeconds);
  await app.register(metaRoutes(db));
  const today = options.today ?? (() => japanDay());
  await app.register(
    adminRoutes(db, directory, { anchors, requireCrl: config.requireCrl }, today),
    {
      prefix: ADMIN_PREFIX,
    },
  );
  const auth = { directory, replayGuard, maxSkewSeconds: config.signatureMaxSkewSeconds };
  // Without a persistent key (tests), one for this process's life.
  const operationKey = options.operationKey ?? randomBytes(32);
  const operationMacs = new OperationMacs(operationKey);
  const sessionKey = holderSessionKey(operationKey);
  await app.register(
    terminalRoutes(
      db,
      auth,
      { ...config, anchors, operationMacs, sessionKey, today },
      options.enrolmentLimit,
    ),
    { prefix: `/${API_VERSION}` },
  );
  await app.register(partnerRoutes(db, auth, { operationMacs, today }), {
    prefix: `/${API_VERSION}`,
  });
  await serveApp(app, config);
  await app.ready();
  return { app, directory, anchors };
}
