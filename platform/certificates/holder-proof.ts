import { constants, verify, X509Certificate } from 'node:crypto';
import type { HolderProof } from '../../core/api/holder-proof';
import { fromBase64 } from '../../core/http-signature/signature-base';
import { fail, type Result } from '../../core/result';
import { consumeChallenge } from '../domain/challenges';
import type { Queryable } from '../store/database';
import { checkCertificateStanding, type StandingOptions } from './certificate-standing';

/**
 * 公的個人認証: the holder is present and consents. The challenge is used up first (single use,
 * this terminal's, not expired); then the card's signature over it must verify with the
 * certificate's key; then the certificate must be in good standing (checkCertificateStanding).
 */
export async function checkHolder(
  db: Queryable,
  terminalId: string,
  certificateDer: Uint8Array,
  identity: { serial: string },
  proof: HolderProof,
  options: StandingOptions,
): Promise<Result<void>> {
  const challenge = await consumeChallenge(db, terminalId, proof.challengeId);
  if (!challenge.ok) return challenge;
  const certificate = new X509Certificate(certificateDer);
  if (!cardSigned(certificate, challenge.value, fromBase64(proof.signature)))
    return fail('HOLDER_SIGNATURE_INVALID');
  return checkCertificateStanding(db, certificate, identity.serial, options);
}

/**
 * Whether the card's auth key signed `data`: RSASSA-PKCS1-v1_5 over SHA-256, the only signature a
 * JPKI auth key makes (the kiosk's challenge, the counter's link statement).
 */
export function cardSigned(
  certificate: X509Certificate,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return verify(
      'sha256',
      data,
      { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING },
      signature,
    );
  } catch {
    // A key of another kind, or a signature of the wrong size: not the card's signature.
    return false;
  }
}
