import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Request logs name the route pattern, never the URL, a header or a body: the platform must not
 * be able to rebuild who used a card where and when (DEVELOPERS.md, privacy). Errors are logged
 * by type only, because their messages can quote a My Key ID or a service ID.
 */
export class PrivacyLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  }

  override routeNotFound(): void {}

  override defaultErrorLog(error: Error, request: FastifyRequest): void {
    request.log.error({ errorType: error.name }, 'request failed');
  }

  override streamError(error: Error, request: FastifyRequest): void {
    request.log.error({ errorType: error.name }, 'response stream failed');
  }

  override writeHeadError(error: Error, request: FastifyRequest): void {
    request.log.error({ errorType: error.name }, 'writing the response head failed');
  }

  override serializerError(error: Error, request: FastifyRequest): void {
    request.log.error({ errorType: error.name }, 'response did not match its schema');
  }
}
