import { z } from 'zod';
import { myKeyIdSchema, plainTextSchema } from './common';
import { holderProofSchema, holderSessionTokenSchema } from './holder-proof';

/** The auth certificate as the bridge reads it from EF 000A: DER, base64. */
export const certificateSchema = z
  .string()
  .min(100)
  .max(8192)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .describe('利用者証明用電子証明書 (DER, base64)');

/**
 * The holder's presence: a `proof` (a challenge the card signed), or the `sessionToken` of a kiosk
 * session opened with one for this certificate.
 */
const holderPresence = {
  proof: holderProofSchema.optional(),
  sessionToken: holderSessionTokenSchema.optional(),
};

export const registerDefaultMyKeyIdRequestSchema = z.object({
  certificate: certificateSchema,
  ...holderPresence,
});
export const registerDefaultMyKeyIdResponseSchema = z.object({
  myKeyId: myKeyIdSchema,
  outcome: z.enum(['registered', 'already_registered']),
});

export const reserveCustomMyKeyIdRequestSchema = z.object({
  certificate: certificateSchema,
  ...holderPresence,
  myKeyId: myKeyIdSchema,
});
export const reserveCustomMyKeyIdResponseSchema = z.object({
  myKeyId: myKeyIdSchema,
  outcome: z.literal('reserved'),
  expiresAt: z.iso.datetime(),
});

/** 本登録: the municipal window reissued the certificate with the reserved ID in its CN. */
export const finaliseCustomMyKeyIdRequestSchema = z.object({ certificate: certificateSchema });
export const finaliseCustomMyKeyIdResponseSchema = z.object({
  myKeyId: myKeyIdSchema,
  outcome: z.literal('finalised'),
  linksMoved: z.number().int(),
});

/** Continuity on renewal (5th birthday): old certificate → new certificate. */
export const renewalRequestSchema = z.object({
  oldCertificateSerial: z.string().regex(/^[0-9A-F]+$/),
  oldCertificateIssuer: plainTextSchema.min(1).max(1024),
  newCertificate: certificateSchema,
});
export const renewalResponseSchema = z.object({
  previousMyKeyId: myKeyIdSchema,
  myKeyId: myKeyIdSchema,
  kind: z.enum(['default', 'custom']),
  outcome: z.enum(['moved', 'unchanged', 'already_applied']),
  linksMoved: z.number().int(),
});
