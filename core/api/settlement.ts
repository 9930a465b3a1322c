import { z } from 'zod';
import { programmeCodeSchema } from './points';

/**
 * 精算: a programme's closed month. Each line is one kind of figure for one party, signed as the ledger's
 * entries are, so the lines sum to zero: 付与 by a shop (what a shop-funded programme charges it)
 * and 利用 at a shop (what the programme's owner pays it), 変換 per partner (what the partner pays the
 * municipality), the municipality's premium, what expired, and what holders' balances changed by.
 */
/** A calendar month of the years 2000 to 9999 (no programme is older; '0000-01' is no month). */
export const PERIOD_PATTERN = /^[2-9][0-9]{3}-(0[1-9]|1[0-2])$/;

export const periodSchema = z
  .string()
  .regex(PERIOD_PATTERN)
  .describe('a calendar month, YYYY-MM, from 2000-01 to 9999-12');

export const SETTLEMENT_LINE_KINDS = [
  'awarded',
  'redeemed',
  'converted',
  'premium',
  'expired',
  'held',
] as const;

export const settlementSchema = z.object({
  programmeCode: programmeCodeSchema,
  programmeName: z.string(),
  period: periodSchema,
  closedOn: z.iso.date(),
  lines: z.array(
    z.object({
      kind: z.enum(SETTLEMENT_LINE_KINDS),
      /** The shop or the partner; absent for the programme's own lines. */
      partyCode: z.string().optional(),
      partyName: z.string().optional(),
      points: z.number().int(),
    }),
  ),
  /** The lines' sum: always 0, shown so a reader sees it. */
  total: z.number().int(),
});
export type Settlement = z.infer<typeof settlementSchema>;
