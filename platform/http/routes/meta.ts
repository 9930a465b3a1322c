import type { FastifyInstance } from 'fastify';
import { API_VERSION } from '../../../core/api/common';
import { META_API } from '../../../core/api/routes/meta';
import type { Database } from '../../store/database';
import type { Serve } from '../serve';

/** Open to anyone: health (the database answers) and the OpenAPI document. */
export function serveMeta(serve: Serve, app: FastifyInstance, db: Database): void {
  serve(META_API.health, async () => {
    await db.query('SELECT 1');
    return { status: 'ok', apiVersion: API_VERSION, database: db.kind } as const;
  });
  serve(META_API.openapi, async () => app.swagger());
}
