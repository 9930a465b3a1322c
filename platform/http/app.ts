import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { japanDay } from '../../core/points/japan-day';
import { TrustAnchors } from '../certificates/trust-anchors';
import { OperationMacs } from '../domain/operation-macs';
import type { Database } from '../store/database';
import { holderSessionKey } from '../use-cases/holder-sessions';
import { requireAdmin } from './auth/admin-auth';
import type { FailureLimit } from './auth/failure-limit';
import { ReplayGuard } from './auth/replay-guard';
import { requireTerminal } from './auth/terminal-auth';
import { TerminalDirectory } from './auth/terminal-directory';
import { handleError, replyError } from './errors';
import { OPENAPI_OPTIONS } from './openapi';
import type { HttpOptions } from './options';
import { PrivacyLogController } from './privacy-log-controller';
import { parseJsonKeepingRawBody } from './raw-body';
import { serveAdmin } from './routes/admin';
import { serveMeta } from './routes/meta';
import { servePartner } from './routes/partner';
import { serveTerminal } from './routes/terminal/index';
import { serveOn } from './serve';
import { serveApp } from './serve-app';

export interface PlatformApp {
  app: FastifyInstance;
  directory: TerminalDirectory;
  anchors: TrustAnchors;
}

export async function buildPlatformApp(options: {
  db: Database;
  /** The platform's configuration (process/config.ts's PlatformConfig fits). */
  config: HttpOptions;
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

  await app.register(swagger, OPENAPI_OPTIONS);

  const directory = new TerminalDirectory(db);
  // Every process forgets a changed terminal as soon as the database announces it (migration 0014).
  const stopFollowing = directory.follow(db);
  app.addHook('onClose', async () => stopFollowing());
  const replayGuard = new ReplayGuard(db.unsynced, config.signatureMaxSkewSeconds);
  const auth = { directory, replayGuard, maxSkewSeconds: config.signatureMaxSkewSeconds };
  const serve = serveOn(app, {
    terminal: requireTerminal(auth, { partner: false }),
    partner: requireTerminal(auth, { partner: true }),
    admin: (roles) => requireAdmin(db, roles),
  });
  const today = options.today ?? (() => japanDay());
  // Without a persistent key (tests), one for this process's life.
  const operationKey = options.operationKey ?? randomBytes(32);
  const operationMacs = new OperationMacs(operationKey);
  const sessionKey = holderSessionKey(operationKey);
  serveMeta(serve, app, db);
  serveAdmin(serve, db, directory, { anchors, requireCrl: config.requireCrl }, today);
  serveTerminal(
    serve,
    db,
    directory,
    { ...config, anchors, operationMacs, sessionKey, today },
    options.enrolmentLimit,
  );
  servePartner(serve, db, { operationMacs, today });
  await serveApp(app, config);
  await app.ready();
  return { app, directory, anchors };
}
