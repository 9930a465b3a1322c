import { z } from 'zod';
import { operationIdSchema } from './common';
import { registerLinkRequestSchema } from './links';
import { operationResultSchema } from './operation-result';
import { awardPointsSchema } from './points';
import type { CancelPoints, RedeemPoints } from './points-counter';

export { type OperationResult, operationResultSchema } from './operation-result';

/** At most this many operations in one batch. */
export const MAX_BATCH_OPERATIONS = 500;
/** The platform remembers an operation id (and its result) for at least this long. */
export const OPERATION_RETENTION_DAYS = 90;

export const registerLinkOperationSchema = registerLinkRequestSchema.extend({
  operationId: operationIdSchema,
  kind: z.literal('registerLink'),
});
export type RegisterLinkOperation = z.infer<typeof registerLinkOperationSchema>;
/** What a batch may carry: what a terminal can do offline (a redemption needs the platform). */
export const operationSchema = z.discriminatedUnion('kind', [
  registerLinkOperationSchema,
  awardPointsSchema,
]);
export type Operation = z.infer<typeof operationSchema>;
/** Every operation applied exactly once: a batch's, and the online-only redeem and cancel. */
export type AnyOperation = Operation | RedeemPoints | CancelPoints;

export const syncRequestSchema = z.object({
  // The platform answers an oversized batch with BATCH_TOO_LARGE, not a generic validation error.
  operations: z.array(operationSchema).min(1).max(MAX_BATCH_OPERATIONS),
});

export const syncResponseSchema = z.object({ results: z.array(operationResultSchema) });
export type SyncResponse = z.infer<typeof syncResponseSchema>;
