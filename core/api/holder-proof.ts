import { z } from 'zod';
import { serviceCodeSchema } from './common';

/** A one-time challenge the platform issues; the card signs it after the holder's PIN. */
export const challengeResponseSchema = z.object({
  challengeId: z.uuid(),
  challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .describe('32 random bytes, base64url: the card signs SHA-256 of these bytes'),
  expiresAt: z.iso.datetime(),
});
export type ChallengeResponse = z.infer<typeof challengeResponseSchema>;

/**
 * Proof that the holder is present and consents (公的個人認証): the auth key's RSASSA-PKCS1-v1_5
 * SHA-256 signature over the challenge, made by the card after VERIFY of the PIN.
 */
export const holderProofSchema = z.object({
  challengeId: z.uuid(),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .max(1024)
    .describe('base64: the card’s RSA-2048 signature (256 bytes)'),
});
export type HolderProof = z.infer<typeof holderProofSchema>;

/** An operator loads a CRL: PEM text, or the DER as base64. */
export const loadCrlRequestSchema = z.object({ crl: z.string().min(32).max(200_000_000) });
export const loadCrlResponseSchema = z.object({
  issuer: z.string(),
  /** The signing CA key: hex SHA-256 of its SubjectPublicKeyInfo (one JPKI name spans several keys). */
  caKey: z.string(),
  thisUpdate: z.iso.datetime(),
  nextUpdate: z.iso.datetime().optional(),
  entries: z.int(),
});

/**
 * A kiosk session: one PIN, then a few minutes in which the citizen sees and manages their own
 * My Key ID and links. It lives in the token the kiosk holds, sealed by the platform: any
 * platform process can serve it, and no table records that a person used a kiosk.
 */
export const openHolderSessionRequestSchema = z.object({
  certificate: z.string().min(100).max(8192),
  proof: holderProofSchema,
});
export const holderSessionResponseSchema = z.object({
  sessionToken: z.string(),
  expiresAt: z.iso.datetime(),
  myKeyId: z.string().nullable(),
  kind: z.enum(['default', 'custom']).nullable(),
  reservation: z.object({ myKeyId: z.string(), expiresAt: z.iso.datetime() }).nullable(),
});
/** A sealed session (about 270 characters; a long issuer name makes it longer). */
export const holderSessionTokenSchema = z
  .string()
  .min(20)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/);
export const holderSessionRequestSchema = z.object({ sessionToken: holderSessionTokenSchema });
export const linkedServicesResponseSchema = z.object({
  links: z.array(z.object({ serviceCode: z.string(), serviceName: z.string() })),
});
export const removeLinkRequestSchema = holderSessionRequestSchema.extend({
  serviceCode: serviceCodeSchema,
});
export const removeLinkResponseSchema = z.object({ removed: z.literal(true) });
export const endHolderSessionResponseSchema = z.object({ ended: z.literal(true) });
