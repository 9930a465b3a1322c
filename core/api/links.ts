import { z } from 'zod';
import { myKeyIdSchema, serviceCodeSchema, serviceIdSchema } from './common';
import { certificateSchema } from './mykeys';

/**
 * The holder typed the PIN and the card signed the terminal's statement (core/link-proof): needed
 * to link a service whose operator set "linking needs the holder's PIN".
 */
export const linkProofSchema = z.object({
  certificate: certificateSchema,
  madeAt: z.iso.datetime().describe('when the card signed, by the terminal’s clock'),
  nonce: z.uuid().describe('the registration’s operationId when it goes through the outbox'),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .max(1024)
    .describe('base64: the card’s RSASSA-PKCS1-v1_5 SHA-256 signature over the statement'),
});
export type LinkProof = z.infer<typeof linkProofSchema>;

export const registerLinkRequestSchema = z.object({
  myKeyId: myKeyIdSchema,
  serviceCode: serviceCodeSchema,
  serviceId: serviceIdSchema,
  proof: linkProofSchema.optional(),
});
export type RegisterLinkRequest = z.infer<typeof registerLinkRequestSchema>;

/**
 * `registered`: 「正常に登録されました。」; `already_registered`: the same link existed, which is
 * success, so a retried registration is harmless.
 */
export const linkOutcomeSchema = z.enum(['registered', 'already_registered']);
export type LinkOutcome = z.infer<typeof linkOutcomeSchema>;
export const registerLinkResponseSchema = z.object({ outcome: linkOutcomeSchema });

/**
 * A tap at the desk sends the card's certificate, not only the ID: the platform checks it is in
 * good standing (chain, validity, revocation) before it answers with a service ID.
 */
export const lookupRequestSchema = z.object({
  certificate: certificateSchema,
  serviceCode: serviceCodeSchema,
});
export const lookupResponseSchema = z.object({ serviceId: serviceIdSchema });
