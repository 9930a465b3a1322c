import { z } from 'zod';
import { parseExpiryRule } from '../points/expiry';
import {
  municipalityCodeSchema,
  myKeyIdSchema,
  nameSchema,
  operationIdSchema,
  providerCodeSchema,
} from './common';

/**
 * Points (ポイント) on the wire: programmes and their rules (admin), and a terminal's awards,
 * redemptions, cancels and balance questions. Amounts are whole points; 1 point of 自治体ポイント is
 * 1 yen. No item, receipt or product is ever sent: an award says a purchase's total or an
 * activity's code, nothing of what was bought.
 */

/** A programme's code: its municipality, then P and three digits (A-P001). */
export const PROGRAMME_CODE_PATTERN = /^[A-Za-z0-9]{1,8}-P[0-9]{3}$/;
export const programmeCodeSchema = z
  .string()
  .regex(PROGRAMME_CODE_PATTERN)
  .describe('ポイント制度のコード, e.g. A-P001');

/** Enough for any real purchase or balance, far below what a bigint or a JS number holds exactly. */
export const MAX_POINTS = 10_000_000;
export const MAX_PURCHASE_YEN = 100_000_000;
/**
 * A cancel finds its operation among the ids the platform remembers, which it keeps for at least
 * OPERATION_RETENTION_DAYS (90): no programme may allow a longer window.
 */
export const MAX_CANCEL_DAYS = 90;

export const pointsSchema = z.number().int().min(1).max(MAX_POINTS);
const activityCodeSchema = z.string().regex(/^[a-z0-9-]{1,32}$/);

export const expiryRuleTextSchema = z
  .string()
  .refine((text) => parseExpiryRule(text) !== undefined, 'months:<1-120> or fiscal-year-end')
  .describe('months:24 (the end of the month 24 months after the award) or fiscal-year-end');

export const programmeSchema = z.object({
  code: programmeCodeSchema,
  name: nameSchema,
  kind: z.enum(['municipal', 'provider']),
  municipalityCode: municipalityCodeSchema,
  /** The provider that runs a provider programme; absent for 自治体ポイント. */
  ownerProviderCode: providerCodeSchema.optional(),
  yenPerPoint: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .describe('1 point per this many yen; 0: none'),
  expiryRule: expiryRuleTextSchema,
  dailyCap: pointsSchema.describe('at most this many points to one person a day'),
  cancelDays: z
    .number()
    .int()
    .min(0)
    .max(MAX_CANCEL_DAYS)
    .describe('an award or a redemption can be cancelled for this many days'),
  participants: z
    .array(
      z.object({ providerCode: providerCodeSchema, mayAward: z.boolean(), mayRedeem: z.boolean() }),
    )
    .max(1000),
  fixedAwards: z
    .array(z.object({ code: activityCodeSchema, name: nameSchema, points: pointsSchema }))
    .max(200),
});
export type Programme = z.infer<typeof programmeSchema>;

export const programmeTotalsSchema = z.object({
  code: programmeCodeSchema,
  issued: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  outstanding: z.number().int(),
});
export type ProgrammeTotals = z.infer<typeof programmeTotalsSchema>;

/** 付与: a purchase's total (× the programme's rate) or a named activity (a fixed award). */
export const awardPointsSchema = z.object({
  operationId: operationIdSchema,
  kind: z.literal('awardPoints'),
  myKeyId: myKeyIdSchema,
  programmeCode: programmeCodeSchema,
  award: z.discriminatedUnion('by', [
    z.object({ by: z.literal('purchase'), yen: z.number().int().min(1).max(MAX_PURCHASE_YEN) }),
    z.object({ by: z.literal('activity'), activityCode: activityCodeSchema }),
  ]),
});
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
export type AwardPoints = z.infer<typeof awardPointsSchema>;
export type RedeemPoints = z.infer<typeof redeemPointsSchema>;
export type CancelPoints = z.infer<typeof cancelPointsSchema>;

/** What a points operation did, when it was applied. */
export const pointsOutcomeSchema = z.enum(['awarded', 'redeemed', 'cancelled']);
export type PointsOutcome = z.infer<typeof pointsOutcomeSchema>;

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
