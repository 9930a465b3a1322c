import { z } from 'zod';
import { parseExpiryRule } from '../points/expiry';
import { municipalityCodeSchema, nameSchema, providerCodeSchema } from './common';
import {
  activityCodeSchema,
  MAX_CANCEL_DAYS,
  MAX_POINTS,
  pointsSchema,
  programmeCodeSchema,
} from './points';

/**
 * ポイント制度 as operators write them (admin API and CLI): kept apart from the terminal's schemas
 * so that a counter tablet's first load does not carry them.
 */

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
  redeemPinAbove: z
    .number()
    .int()
    .min(0)
    .max(MAX_POINTS)
    .nullable()
    .optional()
    .describe(
      'a redemption needs the holder’s PIN (the card signs it) when this holder’s redemptions in the programme today (the Japan calendar day; cancelled ones do not count) and this one come to more than this; null or absent: never',
    ),
  premiumPercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('自治体ポイント only: added on placing converted points, in per cent (rounded down)'),
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
  /** Placed from holding accounts (converted partner points, without the premium). */
  converted: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  outstanding: z.number().int(),
});
export type ProgrammeTotals = z.infer<typeof programmeTotalsSchema>;
