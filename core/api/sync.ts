import { z } from 'zod';
import { errorCodeSchema, operationIdSchema } from './common';
import { linkOutcomeSchema, registerLinkRequestSchema } from './links';

/** At most this many operations in one batch. */
export const MAX_BATCH_OPERATIONS = 500;
/** The platform remembers an operation id (and its result) for at least this long. */
export const OPERATION_RETENTION_DAYS = 90;

export const registerLinkOperationSchema = registerLinkRequestSchema.extend({
  operationId: operationIdSchema,
  kind: z.literal('registerLink'),
});
export const operationSchema = z.discriminatedUnion('kind', [registerLinkOperationSchema]);
export type Operation = z.infer<typeof operationSchema>;

export const syncRequestSchema = z.object({
  // The platform answers an oversized batch with BATCH_TOO_LARGE, not a generic validation error.
  operations: z.array(operationSchema).min(1).max(MAX_BATCH_OPERATIONS),
});

export const operationResultSchema = z.discriminatedUnion('status', [
  z.object({
    operationId: operationIdSchema,
    status: z.literal('applied'),
    outcome: linkOutcomeSchema,
  }),
  z.object({
    operationId: operationIdSchema,
    status: z.literal('rejected'),
    error: z.object({ code: errorCodeSchema, message: z.string() }),
  }),
]);
export type OperationResult = z.infer<typeof operationResultSchema>;

export const syncResponseSchema = z.object({ results: z.array(operationResultSchema) });
export type SyncResponse = z.infer<typeof syncResponseSchema>;
