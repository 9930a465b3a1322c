import type { AuthCertificateIdentity } from '../../core/certificates/auth-certificate';
import type { MyKeyId } from '../../core/mykey-id';
import { fail, ok, type Result } from '../../core/result';
import type { Database, Queryable } from '../store/database';
import { isoUtc, lockFor } from '../store/sql';

type CertificateRef = Pick<AuthCertificateIdentity, 'issuer' | 'serial' | 'cn'>;

/** Whether an ID is in use as a registered ID or held by a live reservation. */
async function myKeyIdInUse(db: Queryable, myKeyId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM my_keys WHERE my_key_id = $1
     UNION ALL SELECT 1 FROM custom_reservations WHERE my_key_id = $1 AND expires_at > now()`,
    [myKeyId],
  );
  return rows.length > 0;
}

type MyKeyKind = 'default' | 'custom';

/** The My Key ID bound to a certificate, if any. */
export async function myKeyBoundTo(
  tx: Queryable,
  certificate: { issuer: string; serial: string },
): Promise<{ my_key_id: MyKeyId; kind: MyKeyKind } | undefined> {
  const [row] = await tx.query<{ my_key_id: MyKeyId; kind: MyKeyKind }>(
    'SELECT my_key_id, kind FROM my_keys WHERE certificate_issuer = $1 AND certificate_serial = $2',
    [certificate.issuer, certificate.serial],
  );
  return row;
}

async function releaseExpiredReservations(db: Queryable): Promise<void> {
  await db.query('DELETE FROM custom_reservations WHERE expires_at <= now()');
}

/** (1) 既定のランダム文字列をマイキーIDとする場合: 「正常に登録されました。」 */
export async function registerDefaultMyKeyId(
  db: Database,
  certificate: CertificateRef,
): Promise<Result<{ myKeyId: MyKeyId; outcome: 'registered' | 'already_registered' }>> {
  const myKeyId = certificate.cn.myKeyId;
  return db.transaction(async (tx) => {
    await lockFor(tx, `mykey:${myKeyId}`);
    const bound = await myKeyBoundTo(tx, certificate);
    if (bound !== undefined) {
      return bound.my_key_id === myKeyId
        ? ok({ myKeyId, outcome: 'already_registered' as const })
        : fail('CERTIFICATE_ALREADY_REGISTERED');
    }
    await releaseExpiredReservations(tx);
    // The 14 characters alone are not unique across Japan (the 9-character desk code makes them
    // so); on a clash the citizen chooses a custom ID instead.
    if (await myKeyIdInUse(tx, myKeyId)) return fail('MYKEY_TAKEN');
    await tx.query(
      `INSERT INTO my_keys (my_key_id, kind, certificate_issuer, certificate_serial) VALUES ($1, 'default', $2, $3)`,
      [myKeyId, certificate.issuer, certificate.serial],
    );
    return ok({ myKeyId, outcome: 'registered' as const });
  });
}

/** (2) 本人設定値の仮登録: uniqueness is settled now (source: 仮登録時にマイキーIDの一意性が担保される). */
export async function reserveCustomMyKeyId(
  db: Database,
  certificate: CertificateRef,
  myKeyId: MyKeyId,
  reservationDays: number,
): Promise<Result<{ myKeyId: MyKeyId; expiresAt: string }>> {
  return db.transaction(async (tx) => {
    await lockFor(tx, `mykey:${myKeyId}`);
    await releaseExpiredReservations(tx);
    const [own] = await tx.query<{ my_key_id: string }>(
      'SELECT my_key_id FROM custom_reservations WHERE certificate_issuer = $1 AND certificate_serial = $2',
      [certificate.issuer, certificate.serial],
    );
    if (own?.my_key_id !== myKeyId && (await myKeyIdInUse(tx, myKeyId))) return fail('MYKEY_TAKEN');
    // One reservation per certificate: choosing again replaces the earlier choice.
    await tx.query(
      'DELETE FROM custom_reservations WHERE certificate_issuer = $1 AND certificate_serial = $2',
      [certificate.issuer, certificate.serial],
    );
    const [row] = await tx.query<{ expires: string }>(
      `INSERT INTO custom_reservations (my_key_id, certificate_issuer, certificate_serial, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))
       RETURNING ${isoUtc('expires_at')} AS expires`,
      [myKeyId, certificate.issuer, certificate.serial, reservationDays],
    );
    return ok({ myKeyId, expiresAt: row?.expires ?? '' });
  });
}

/** Moves every link from one ID to another; the caller holds both IDs' rows. */
async function moveLinks(tx: Queryable, from: string, to: string): Promise<number> {
  const moved = await tx.query('UPDATE links SET my_key_id = $2 WHERE my_key_id = $1 RETURNING 1', [
    from,
    to,
  ]);
  return moved.length;
}

/**
 * 本登録 at the municipal window: the reissued certificate carries the reserved ID in its CN. The
 * old certificate is revoked on reissue (no two auth certificates at once), so its binding goes,
 * and any links and point accounts the citizen had under a default ID move to the custom ID.
 */
export async function finaliseCustomMyKeyId(
  db: Database,
  newCertificate: CertificateRef,
): Promise<Result<{ myKeyId: MyKeyId; linksMoved: number }>> {
  const myKeyId = newCertificate.cn.myKeyId;
  return db.transaction(async (tx) => {
    await lockFor(tx, `mykey:${myKeyId}`);
    const [done] = await tx.query(
      `SELECT 1 FROM my_keys WHERE my_key_id = $1 AND kind = 'custom'
       AND certificate_issuer = $2 AND certificate_serial = $3`,
      [myKeyId, newCertificate.issuer, newCertificate.serial],
    );
    // Finalising again with the same certificate is success with nothing left to move.
    if (done !== undefined) return ok({ myKeyId, linksMoved: 0 });
    const [reservation] = await tx.query<{
      certificate_issuer: string;
      certificate_serial: string;
    }>(
      `DELETE FROM custom_reservations WHERE my_key_id = $1 AND expires_at > now()
       RETURNING certificate_issuer, certificate_serial`,
      [myKeyId],
    );
    if (reservation === undefined) return fail('RESERVATION_NOT_FOUND');
    const previous = await myKeyBoundTo(tx, {
      issuer: reservation.certificate_issuer,
      serial: reservation.certificate_serial,
    });
    await tx.query(
      `INSERT INTO my_keys (my_key_id, kind, certificate_issuer, certificate_serial) VALUES ($1, 'custom', $2, $3)`,
      [myKeyId, newCertificate.issuer, newCertificate.serial],
    );
    let linksMoved = 0;
    if (previous !== undefined) {
      linksMoved = await moveLinks(tx, previous.my_key_id, myKeyId);
      // Point accounts (holding included) and the default municipality follow the person as links
      // do (the new ID is new, so it has none yet).
      await tx.query('UPDATE point_accounts SET my_key_id = $2 WHERE my_key_id = $1', [
        previous.my_key_id,
        myKeyId,
      ]);
      await tx.query('UPDATE holder_settings SET my_key_id = $2 WHERE my_key_id = $1', [
        previous.my_key_id,
        myKeyId,
      ]);
      await tx.query('DELETE FROM my_keys WHERE my_key_id = $1', [previous.my_key_id]);
    }
    return ok({ myKeyId, linksMoved });
  });
}

async function countLinks(tx: Queryable, myKeyId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM links WHERE my_key_id = $1',
    [myKeyId],
  );
  return row?.n ?? 0;
}

export interface RenewalOutcome {
  previousMyKeyId: MyKeyId;
  myKeyId: MyKeyId;
  kind: MyKeyKind;
  outcome: 'moved' | 'unchanged' | 'already_applied';
  linksMoved: number;
}

/**
 * Continuity (source: マイキーIDの継続性): on renewal a default ID becomes the new certificate's
 * random string and every link moves with it; a custom ID and its links stay. Idempotent: a
 * renewal already applied answers `already_applied`.
 */
export async function renewCertificate(
  db: Database,
  old: { issuer: string; serial: string },
  newCertificate: CertificateRef,
): Promise<Result<RenewalOutcome>> {
  return db.transaction(async (tx) => {
    await lockFor(tx, `cert:${old.issuer}:${old.serial}`);
    const current = await myKeyBoundTo(tx, old);
    if (current === undefined) {
      const applied = await myKeyBoundTo(tx, newCertificate);
      if (applied === undefined) return fail('CERTIFICATE_NOT_REGISTERED');
      return ok({
        previousMyKeyId: applied.my_key_id,
        myKeyId: applied.my_key_id,
        kind: applied.kind,
        outcome: 'already_applied' as const,
        linksMoved: 0,
      });
    }
    const nextId = current.kind === 'default' ? newCertificate.cn.myKeyId : current.my_key_id;
    const sameId = nextId === current.my_key_id;
    if (!sameId) {
      await lockFor(tx, `mykey:${nextId}`);
      await releaseExpiredReservations(tx);
      if (await myKeyIdInUse(tx, nextId)) return fail('MYKEY_TAKEN');
    }
    // ON UPDATE CASCADE carries the links to the new ID in the same statement.
    await tx.query(
      `UPDATE my_keys SET my_key_id = $2, certificate_issuer = $3, certificate_serial = $4 WHERE my_key_id = $1`,
      [current.my_key_id, nextId, newCertificate.issuer, newCertificate.serial],
    );
    await tx.query(
      `UPDATE custom_reservations SET certificate_issuer = $3, certificate_serial = $4
       WHERE certificate_issuer = $1 AND certificate_serial = $2`,
      [old.issuer, old.serial, newCertificate.issuer, newCertificate.serial],
    );
    return ok({
      previousMyKeyId: current.my_key_id,
      myKeyId: nextId,
      kind: current.kind,
      outcome: sameId ? ('unchanged' as const) : ('moved' as const),
      linksMoved: sameId ? 0 : await countLinks(tx, nextId),
    });
  });
}
