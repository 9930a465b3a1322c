import { randomUUID } from 'node:crypto';
import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';
import { hashSecret, newAdminToken } from './secrets';

/** `operator`: everything; `window`: municipal window staff, only 本登録. */
export const ADMIN_ROLES = ['operator', 'window'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export interface Admin {
  id: string;
  name: string;
  role: AdminRole;
}

export const isAdminRole = (value: string): value is AdminRole =>
  (ADMIN_ROLES as readonly string[]).includes(value);

/** The token is returned once and stored only as a hash. */
export async function createAdmin(
  db: Queryable,
  name: string,
  role: AdminRole = 'operator',
): Promise<{ admin: Admin; token: string }> {
  const token = newAdminToken();
  const admin = { id: randomUUID(), name, role };
  await db.query('INSERT INTO admins (id, name, role, token_hash) VALUES ($1, $2, $3, $4)', [
    admin.id,
    name,
    role,
    hashSecret(token),
  ]);
  return { admin, token };
}

export async function authenticateAdmin(db: Queryable, token: string): Promise<Admin | undefined> {
  const [row] = await db.query<Admin>(
    'SELECT id, name, role FROM admins WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashSecret(token)],
  );
  return row;
}

export async function countAdmins(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM admins WHERE revoked_at IS NULL',
  );
  return row?.n ?? 0;
}

export async function listAdmins(
  db: Queryable,
): Promise<(Admin & { state: 'active' | 'revoked' })[]> {
  return db.query(
    `SELECT id, name, role, CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS state
     FROM admins ORDER BY created_at, id`,
  );
}

/** Takes effect on the next request: admin tokens are checked against the table every time. */
export async function revokeAdmin(db: Queryable, adminId: string): Promise<Result<null>> {
  const rows = await db.query(
    'UPDATE admins SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id',
    [adminId],
  );
  return rows.length === 1 ? ok(null) : fail('ADMIN_NOT_FOUND');
}
