import { z } from 'zod';
import { errorCodeSchema, operationIdSchema } from './common';
import { linkOutcomeSchema } from './links';
import { pointsOutcomeSchema } from './points';

/**
 * What became of one operation, in a batch or alone: its own module, so the batch (sync.ts) and
 * the online-only points operations (points-counter.ts) both use it without importing each other.
 */
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
