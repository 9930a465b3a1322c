import { createHash, X509Certificate } from 'node:crypto';
import type { LinkProof } from '../../core/api/links';
import type { PointsProof } from '../../core/api/points-counter';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import { fromBase64 } from '../../core/http-signature/signature-base';
import {
  linkProofBytes,
  linkProofForgetAfter,
  linkProofInTime,
  pointsProofBytes,
} from '../../core/link-proof/statement';
import { fail, ok, type Result } from '../../core/result';
import { myKeyBoundTo } from '../domain/mykeys';
import type { Queryable } from '../store/database';
import { checkCertificateStanding, type StandingOptions } from './certificate-standing';
import { cardSigned } from './holder-proof';

/** What checks a PIN proof: the trusted CAs and CRL policy, and the platform's clock. */
export interface LinkProofPolicy extends Omit<StandingOptions, 'now'> {
  now?: () => Date;
}

/** What the proof must vouch for: a link of this My Key ID to this service, from this terminal. */
export interface ProvenLink {
  terminalId: string;
  myKeyId: string;
  serviceCode: string;
  proof?: LinkProof | undefined;
  /** In a batch the proof's nonce must be the operation's id: one proof, one registration. */
  operationId?: string;
}

/**
 * The holder typed the PIN for this link (the 2024 rules), checked in the order that tells staff
 * the most useful thing first: a proof at all; its age (72 hours); not used before (under any
 * operation); made for this operation; the card's
 * signature over the terminal's statement; the card being the one of this My Key ID; the
 * certificate's chain, validity when it signed, and revocation now. A proof that passes is used up.
 */
export async function checkLinkProof(
  db: Queryable,
  link: ProvenLink,
  policy: LinkProofPolicy,
): Promise<Result<void>> {
  const { proof } = link;
  if (proof === undefined) return fail('LINK_NEEDS_PIN');
  const madeAt = new Date(proof.madeAt);
  if (!linkProofInTime(madeAt, policy.now?.() ?? new Date())) return fail('LINK_PROOF_TOO_OLD');
  const signature = fromBase64(proof.signature);
  const digest = proofDigest(signature);
  if (await usedBefore(db, digest)) return fail('LINK_PROOF_REPLAYED');
  if (
    link.operationId !== undefined &&
    proof.nonce.toLowerCase() !== link.operationId.toLowerCase()
  )
    return fail('HOLDER_SIGNATURE_INVALID');

  const parsed = parseAuthCertificate(proof.certificate);
  if (!parsed.ok) return fail('CERTIFICATE_INVALID');
  const { identity } = parsed;
  const certificate = nodeCertificate(proof.certificate);
  if (certificate === undefined) return fail('CERTIFICATE_INVALID');
  const statement = linkProofBytes({
    terminalId: link.terminalId,
    serviceCode: link.serviceCode,
    madeAt: proof.madeAt,
    nonce: proof.nonce,
  });
  if (!cardSigned(certificate, statement, signature)) return fail('HOLDER_SIGNATURE_INVALID');

  const bound = await myKeyBoundTo(db, identity);
  if (bound === undefined) return fail('MYKEY_NOT_REGISTERED');
  if (bound.my_key_id !== link.myKeyId) return fail('LINK_PROOF_NOT_THIS_CARD');

  const standing = await checkCertificateStanding(db, certificate, identity.serial, {
    anchors: policy.anchors,
    requireCrl: policy.requireCrl,
    now: madeAt,
  });
  if (!standing.ok) return standing;
  // Another request used the same proof between the look and now.
  return (await useUp(db, digest, madeAt)) ? ok(undefined) : fail('LINK_PROOF_REPLAYED');
}

/** What the PIN proof of a redemption must vouch for: these points, from this terminal, by this card. */
export interface ProvenRedemption {
  terminalId: string;
  programmeCode: string;
  points: number;
  operationId: string;
  /** The redemption's tapped card, already found in good standing and bound to the holder. */
  certificate: string;
  proof?: PointsProof | undefined;
}

/**
 * The holder typed the PIN for this redemption (a programme's `redeemPinAbove`), by the link
 * proof's mechanism: a proof at all; its age; not used before; the card's signature over the
 * terminal's statement naming the terminal, the programme, the points, the time and the
 * redemption's id. The card is the redemption's own, whose standing and binding the caller checked.
 * A proof that passes is used up (in used_link_proofs, with the link proofs).
 */
export async function checkPointsProof(
  db: Queryable,
  redemption: ProvenRedemption,
  policy: LinkProofPolicy,
): Promise<Result<void>> {
  const { proof } = redemption;
  if (proof === undefined) return fail('POINTS_NEED_PIN');
  const madeAt = new Date(proof.madeAt);
  if (!linkProofInTime(madeAt, policy.now?.() ?? new Date())) return fail('POINTS_PIN_TOO_OLD');
  const signature = fromBase64(proof.signature);
  const digest = proofDigest(signature);
  if (await usedBefore(db, digest)) return fail('POINTS_PIN_REPLAYED');
  const certificate = nodeCertificate(redemption.certificate);
  if (certificate === undefined) return fail('CERTIFICATE_INVALID');
  const statement = pointsProofBytes({
    terminalId: redemption.terminalId,
    programmeCode: redemption.programmeCode,
    points: redemption.points,
    madeAt: proof.madeAt,
    operationId: redemption.operationId,
  });
  if (!cardSigned(certificate, statement, signature)) return fail('HOLDER_SIGNATURE_INVALID');
  return (await useUp(db, digest, madeAt)) ? ok(undefined) : fail('POINTS_PIN_REPLAYED');
}

/** RSASSA-PKCS1-v1_5 is deterministic: one statement, one signature, so its digest names the proof. */
const proofDigest = (signature: Uint8Array): Buffer =>
  createHash('sha256').update(signature).digest();

async function usedBefore(db: Queryable, digest: Buffer): Promise<boolean> {
  const used = await db.query('SELECT 1 FROM used_link_proofs WHERE digest = $1', [digest]);
  return used.length > 0;
}

/** Records a proof as used; false when another request recorded it first. */
async function useUp(db: Queryable, digest: Buffer, madeAt: Date): Promise<boolean> {
  const recorded = await db.query(
    `INSERT INTO used_link_proofs (digest, forget_after) VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [digest, linkProofForgetAfter(madeAt).toISOString()],
  );
  return recorded.length === 1;
}

/** The hourly job: used proofs are forgotten once their age would refuse them anyway. */
export async function forgetUsedLinkProofs(db: Queryable): Promise<number> {
  const rows = await db.query(
    'DELETE FROM used_link_proofs WHERE forget_after < now() RETURNING 1',
  );
  return rows.length;
}

/** A certificate as Node reads it (key, serial, validity); undefined when it is not one. */
export function nodeCertificate(base64: string): X509Certificate | undefined {
  try {
    return new X509Certificate(fromBase64(base64));
  } catch {
    return undefined;
  }
}
