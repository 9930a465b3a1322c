import { z } from 'zod';
import { myKeyIdSchema, serviceCodeSchema, serviceIdSchema } from './common';

export const registerLinkRequestSchema = z.object({
  myKeyId: myKeyIdSchema,
  serviceCode: serviceCodeSchema,
  serviceId: serviceIdSchema,
});
export type RegisterLinkRequest = z.infer<typeof registerLinkRequestSchema>;

/**
 * `registered`: 「正常に登録されました。」; `already_registered`: the same link existed, which is
 * success, so a retried registration is harmless.
 */
export const linkOutcomeSchema = z.enum(['registered', 'already_registered']);
export type LinkOutcome = z.infer<typeof linkOutcomeSchema>;
export const registerLinkResponseSchema = z.object({ outcome: linkOutcomeSchema });

export const lookupRequestSchema = z.object({
  myKeyId: myKeyIdSchema,
  serviceCode: serviceCodeSchema,
});
export const lookupResponseSchema = z.object({ serviceId: serviceIdSchema });
