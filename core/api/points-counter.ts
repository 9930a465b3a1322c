import { z } from 'zod';
import { operationIdSchema } from './common';
import { operationResultSchema } from './operation-result';
import { pointsSchema, programmeCodeSchema, tappedCardSchema } from './points';

/**
 * Points at the counter, online: 利用, 取消, 残高照会 and the programmes a terminal takes part in.
 * Apart from points.ts (what an offline batch carries), so the counter's first load has none of it.
 */

/**
 * The holder typed the PIN and the card signed the terminal's statement for this redemption
 * (core/link-proof/statement.ts, pointsProofText: the terminal, the programme, the points, the
 * time and the redemption's operation id). Needed once the holder's redemptions today and this one
 * pass the programme's `redeemPinAbove`; the certificate is the redemption's own.
 */
export const pointsProofSchema = z.strictObject({
  madeAt: z.iso.datetime().describe('when the card signed, by the terminal’s clock'),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .max(1024)
    .describe('base64: the card’s RSASSA-PKCS1-v1_5 SHA-256 signature over the statement'),
});
export type PointsProof = z.infer<typeof pointsProofSchema>;

/**
 * 利用: N ≥ 1 points of the tapped card's holder; online only. No My Key ID is sent: the platform
 * takes the one bound to the card, so a terminal cannot name someone whose card is not there.
 */
export const redeemPointsSchema = z.strictObject({
  operationId: operationIdSchema,
  kind: z.literal('redeemPoints'),
  certificate: tappedCardSchema,
  programmeCode: programmeCodeSchema,
  points: pointsSchema,
  proof: pointsProofSchema.optional(),
});
/**
 * 取消: an award or a redemption this terminal made, by its operation id; online only. The card
 * on the reader must be the card of the holder whose points it moved (POINTS_NOT_THIS_CARD).
 */
export const cancelPointsSchema = z.strictObject({
  operationId: operationIdSchema,
  kind: z.literal('cancelPoints'),
  cancels: operationIdSchema,
  certificate: tappedCardSchema,
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
  /**
   * A redemption needs the holder's PIN when the holder's redemptions in the programme today and
   * this one come to more than this (the platform answers POINTS_NEED_PIN); null: never.
   */
  redeemPinAbove: z.number().int().nullable(),
  fixedAwards: z.array(z.object({ code: z.string(), name: z.string(), points: z.number().int() })),
});
export type TerminalProgramme = z.infer<typeof terminalProgrammeSchema>;
export const terminalProgrammesResponseSchema = z.object({
  programmes: z.array(terminalProgrammeSchema),
});

/** 残高照会 of the tapped card's holder: one programme, or every one this terminal's provider takes part in. */
export const balanceRequestSchema = z.strictObject({
  certificate: tappedCardSchema,
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
