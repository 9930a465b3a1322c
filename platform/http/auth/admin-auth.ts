import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Admin, type AdminRole, authenticateAdmin } from '../../domain/admins';
import type { Database } from '../../store/database';
import { replyError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    admin?: Admin;
  }
}

/**
 * `Authorization: Bearer mka_…`: every admin route, nothing open by default. A role reaches only
 * the routes whose table entry names it (core/api/routes: `roles`).
 */
export function requireAdmin(db: Database, roles: readonly AdminRole[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{8,200})$/.exec(header);
    const admin = match?.[1] === undefined ? undefined : await authenticateAdmin(db, match[1]);
    if (admin === undefined) return replyError(reply, 'ADMIN_TOKEN_INVALID');
    if (!roles.includes(admin.role)) return replyError(reply, 'ADMIN_ROLE_FORBIDDEN');
    request.admin = admin;
  };
}
