import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Admin, authenticateAdmin } from '../../domain/admins';
import type { Database } from '../../store/database';
import { replyError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    admin?: Admin;
  }
}

/** `Authorization: Bearer mka_…`: every admin route, nothing open by default. */
export function requireAdmin(db: Database) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{8,200})$/.exec(header);
    const admin = match?.[1] === undefined ? undefined : await authenticateAdmin(db, match[1]);
    if (admin === undefined) return replyError(reply, 'ADMIN_TOKEN_INVALID');
    request.admin = admin;
  };
}
