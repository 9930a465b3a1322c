import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API_VERSION, healthResponseSchema } from '../../../core/api/common';
import type { Database } from '../../store/database';

export function metaRoutes(db: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      `/${API_VERSION}/health`,
      { schema: { tags: ['meta'], response: { 200: healthResponseSchema } } },
      async () => {
        await db.query('SELECT 1');
        return { status: 'ok', apiVersion: API_VERSION, database: db.kind } as const;
      },
    );
    app.get(`/${API_VERSION}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
  };
}
