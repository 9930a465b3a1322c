import { X509Certificate } from 'node:crypto';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import type { MyKeyId } from '../../core/mykey-id';
import { fail, ok, type Result } from '../../core/result';
import {
  checkCertificateStanding,
  type StandingOptions,
} from '../certificates/certificate-standing';
import { finaliseCustomMyKeyId } from '../domain/mykeys';
import type { Database } from '../store/database';

/**
 * 本登録 at the municipal window: the reissued certificate carries the reserved ID in its CN. The
 * CN alone proves nothing (anyone can write a certificate that names the reserved ID), so the
 * certificate must also be in good standing, as at the kiosk; a refusal leaves the reservation.
 */
export async function finaliseReissued(
  db: Database,
  certificate: string,
  standing: StandingOptions,
): Promise<Result<{ myKeyId: MyKeyId; linksMoved: number; outcome: 'finalised' }>> {
  const parsed = parseAuthCertificate(certificate);
  if (!parsed.ok) return fail('CERTIFICATE_INVALID');
  const der = new X509Certificate(Buffer.from(certificate, 'base64'));
  const good = await checkCertificateStanding(db, der, parsed.identity.serial, standing);
  if (!good.ok) return good;
  const finalised = await finaliseCustomMyKeyId(db, parsed.identity);
  return finalised.ok ? ok({ ...finalised.value, outcome: 'finalised' }) : finalised;
}
