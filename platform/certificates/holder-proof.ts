import { constants, verify, X509Certificate } from 'node:crypto';
import type { HolderProof } from '../../core/api/holder-proof';
import { fromBase64 } from '../../core/http-signature/signature-base';
import { consumeChallenge } from '../domain/challenges';
import { fail, ok, type Result } from '../domain/result';
import type { Queryable } from '../store/database';
import { revocationStatus } from './crl';
import { caKeyOf, type TrustAnchors } from './trust-anchors';

export interface HolderCheckOptions {
  anchors: TrustAnchors;
  /** Refuse when no CRL is loaded for the certificate's issuer (production); else accept. */
  requireCrl: boolean;
  now?: Date;
}

/**
 * 公的個人認証: the holder is present and consents. The challenge is used up first (single use,
 * this terminal's, not expired); then the card's signature over it must verify with the
 * certificate's key; the certificate must chain to a trusted JPKI CA, be within its validity,
 * and not be on its issuer's CRL.
 */
export async function checkHolder(
  db: Queryable,
  terminalId: string,
  certificateDer: Uint8Array,
  identity: { serial: string },
  proof: HolderProof,
  options: HolderCheckOptions,
): Promise<Result<void>> {
  const challenge = await consumeChallenge(db, terminalId, proof.challengeId);
  if (!challenge.ok) return challenge;
  const certificate = new X509Certificate(certificateDer);
  let signed = false;
  try {
    signed = verify(
      'sha256',
      challenge.value,
      { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING },
      fromBase64(proof.signature),
    );
  } catch {
    // A key of another kind, or a signature of the wrong size: not the card's signature.
  }
  if (!signed) return fail('HOLDER_SIGNATURE_INVALID');
  const issuer = options.anchors.issuerOf(certificate);
  if (issuer === undefined) return fail('CERTIFICATE_UNTRUSTED');
  const now = options.now ?? new Date();
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo))
    return fail('CERTIFICATE_EXPIRED');
  const status = await revocationStatus(db, { caKey: caKeyOf(issuer), serial: identity.serial });
  if (status === 'revoked') return fail('CERTIFICATE_REVOKED');
  if (status === 'unknown' || (status === 'no-crl' && options.requireCrl))
    return fail('REVOCATION_UNKNOWN');
  return ok(undefined);
}
