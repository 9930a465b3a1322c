import { z } from 'zod';

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
  thisUpdate: z.iso.datetime(),
  nextUpdate: z.iso.datetime().optional(),
  entries: z.int(),
});
