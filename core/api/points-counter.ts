import { z } from 'zod';
import { myKeyIdSchema, operationIdSchema } from './common';
import { pointsSchema, programmeCodeSchema } from './points';
import { operationResultSchema } from './sync';

/**
 * Points at the counter, online: 利用, 取消, 残高照会 and the programmes a terminal takes part in.
 * Apart from points.ts (what an offline batch carries), so the counter's first load has none of it.
 */

/** 利用: N ≥ 1 points; online only. */
export const redeemPointsSchema = z.object({
  operationId: operationIdSchema,
  kind: z.literal('redeemPoints'),
  myKeyId: myKeyIdSchema,
  programmeCode: programmeCodeSchema,
  points: pointsSchema,
});
/** 取消: an award or a redemption this terminal made, by its operation id; online only. */
export const cancelPointsSchema = z.object({
  operationId: operationIdSchema,
  kind: z.literal('cancelPoints'),
  cancels: operationIdSchema,
});
export type RedeemPoints = z.infer<typeof redeemPointsSchema>;
export type CancelPoints = z.infer<typeof cancelPointsSchema>;

/** The programmes a terminal's provider takes part in, and what it may do in each. */
export const terminalProgrammeSchema = z.object({
  code: programmeCodeSchema,
  name: z.string(),
  kind: z.enum(['municipal', 'provider']),
  mayAward: z.boolean(),
  mayRedeem: z.boolean(),
  yenPerPoint: z.number().int(),
  dailyCap: z.number().int(),
  cancelDays: z.number().int(),
  fixedAwards: z.array(z.object({ code: z.string(), name: z.string(), points: z.number().int() })),
});
export type TerminalProgramme = z.infer<typeof terminalProgrammeSchema>;
export const terminalProgrammesResponseSchema = z.object({
  programmes: z.array(terminalProgrammeSchema),
});

/** 残高照会: one programme, or every programme this terminal's provider takes part in. */
export const balanceRequestSchema = z.object({
  myKeyId: myKeyIdSchema,
  programmeCode: programmeCodeSchema.optional(),
});
export const programmeBalanceSchema = z.object({
  programmeCode: programmeCodeSchema,
  programmeName: z.string(),
  /** What can be spent today: expired points never count. */
  balance: z.number().int().min(0),
  /** The points that expire first, and their last day (absent with a zero balance). */
  soonest: z.object({ points: z.number().int().min(1), expiresOn: z.iso.date() }).optional(),
});
export type ProgrammeBalance = z.infer<typeof programmeBalanceSchema>;
export const balanceResponseSchema = z.object({ balances: z.array(programmeBalanceSchema) });
export type BalanceResponse = z.infer<typeof balanceResponseSchema>;

/** An online points operation's answer: its result, and the holder's balance after it. */
export const pointsOperationResponseSchema = z.object({
  result: operationResultSchema,
  balance: programmeBalanceSchema.optional(),
});
export type PointsOperationResponse = z.infer<typeof pointsOperationResponseSchema>;
