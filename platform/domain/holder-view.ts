import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';
import { isoUtc } from '../store/sql';

/** What the citizen at a kiosk sees about themselves, after proving they hold the card. */
export interface HolderView {
  myKeyId: string | null;
  kind: 'default' | 'custom' | null;
  reservation: { myKeyId: string; expiresAt: string } | null;
}

export async function holderView(
  db: Queryable,
  certificate: { issuer: string; serial: string },
): Promise<HolderView> {
  const [bound] = await db.query<{ my_key_id: string; kind: 'default' | 'custom' }>(
    'SELECT my_key_id, kind FROM my_keys WHERE certificate_issuer = $1 AND certificate_serial = $2',
    [certificate.issuer, certificate.serial],
  );
  const [reserved] = await db.query<{ my_key_id: string; expires_at: string }>(
    `SELECT my_key_id, ${isoUtc('expires_at')} AS expires_at FROM custom_reservations
     WHERE certificate_issuer = $1 AND certificate_serial = $2 AND expires_at > now()`,
    [certificate.issuer, certificate.serial],
  );
  return {
    myKeyId: bound?.my_key_id ?? null,
    kind: bound?.kind ?? null,
    reservation:
      reserved === undefined
        ? null
        : { myKeyId: reserved.my_key_id, expiresAt: reserved.expires_at },
  };
}

/** The services a My Key ID is linked to, by name only: never the service IDs. */
export async function linkedServices(
  db: Queryable,
  myKeyId: string,
): Promise<Array<{ serviceCode: string; serviceName: string }>> {
  const rows = await db.query<{ code: string; name: string }>(
    `SELECT s.code, s.name FROM links l JOIN services s ON s.code = l.service_code
     WHERE l.my_key_id = $1 ORDER BY s.code`,
    [myKeyId],
  );
  return rows.map((r) => ({ serviceCode: r.code, serviceName: r.name }));
}

/** The citizen removes one of their links (サービスID連携の解除). */
export async function removeLink(
  db: Queryable,
  myKeyId: string,
  serviceCode: string,
): Promise<Result<{ removed: true }>> {
  const rows = await db.query(
    'DELETE FROM links WHERE my_key_id = $1 AND service_code = $2 RETURNING 1',
    [myKeyId, serviceCode],
  );
  return rows.length === 0 ? fail('LINK_NOT_FOUND') : ok({ removed: true });
}
