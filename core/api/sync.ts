import { z } from 'zod';
import { errorCodeSchema, operationIdSchema } from './common';
import { linkOutcomeSchema, registerLinkRequestSchema } from './links';
import { awardPointsSchema, pointsOutcomeSchema } from './points';
import type { CancelPoints, RedeemPoints } from './points-counter';

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

export const operationResultSchema = z.discriminatedUnion('status', [
  z.object({
    operationId: operationIdSchema,
    status: z.literal('applied'),
    outcome: z.union([linkOutcomeSchema, pointsOutcomeSchema]),
    /** Points awarded, redeemed or given back by a cancel. */
    points: z.number().int().min(0).optional(),
    /** Applied, but not all of it: an award cut short by the daily cap (POINTS_DAILY_CAP). */
    notice: z.object({ code: errorCodeSchema, message: z.string() }).optional(),
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
