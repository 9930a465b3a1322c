import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/database';
import { hashSecret, newAdminToken } from './secrets';

export interface Admin {
  id: string;
  name: string;
}

/** The token is returned once and stored only as a hash. */
export async function createAdmin(
  db: Queryable,
  name: string,
): Promise<{ admin: Admin; token: string }> {
  const token = newAdminToken();
  const admin = { id: randomUUID(), name };
  await db.query('INSERT INTO admins (id, name, token_hash) VALUES ($1, $2, $3)', [
    admin.id,
    name,
    hashSecret(token),
  ]);
  return { admin, token };
}

export async function authenticateAdmin(db: Queryable, token: string): Promise<Admin | undefined> {
  const [row] = await db.query<Admin>(
    'SELECT id, name FROM admins WHERE token_hash = $1 AND revoked_at IS NULL',
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
