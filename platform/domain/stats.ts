import type { Stats } from '../../core/api/catalogue';
import type { Queryable } from '../store/database';

/** Counts only: nothing per person. */
export async function readStats(db: Queryable): Promise<Stats> {
  const [row] = await db.query<{
    municipalities: number;
    providers: number;
    services: number;
    enrolled: number;
    pending: number;
    revoked: number;
    default_ids: number;
    custom_ids: number;
    reserved: number;
    links: number;
  }>(`SELECT
      (SELECT count(*)::int FROM municipalities) AS municipalities,
      (SELECT count(*)::int FROM providers) AS providers,
      (SELECT count(*)::int FROM services) AS services,
      (SELECT count(*)::int FROM terminals WHERE revoked_at IS NULL AND enrolled_at IS NOT NULL) AS enrolled,
      (SELECT count(*)::int FROM terminals WHERE revoked_at IS NULL AND enrolled_at IS NULL) AS pending,
      (SELECT count(*)::int FROM terminals WHERE revoked_at IS NOT NULL) AS revoked,
      (SELECT count(*)::int FROM my_keys WHERE kind = 'default') AS default_ids,
      (SELECT count(*)::int FROM my_keys WHERE kind = 'custom') AS custom_ids,
      (SELECT count(*)::int FROM custom_reservations WHERE expires_at > now()) AS reserved,
      (SELECT count(*)::int FROM links) AS links`);
  if (row === undefined) throw new Error('stats query returned no row');
  return {
    municipalities: row.municipalities,
    providers: row.providers,
    services: row.services,
    terminals: { enrolled: row.enrolled, pending: row.pending, revoked: row.revoked },
    myKeyIds: { default: row.default_ids, custom: row.custom_ids, reserved: row.reserved },
    links: row.links,
  };
}
