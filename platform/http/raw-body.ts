import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: the Content-Digest is computed over these bytes. */
    rawBody?: string;
  }
}

export function parseJsonKeepingRawBody(app: FastifyInstance, bodyLimit: number): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      const text = body as string;
      request.rawBody = text;
      try {
        done(null, JSON.parse(text));
      } catch {
        const error = new Error('body is not JSON') as Error & { statusCode: number; code: string };
        error.statusCode = 400;
        error.code = 'INVALID_JSON';
        done(error, undefined);
      }
    },
  );
}
