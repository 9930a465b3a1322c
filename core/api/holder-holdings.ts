import { z } from 'zod';
import { municipalityCodeSchema, serviceCodeSchema, serviceIdSchema } from './common';
import { holderSessionRequestSchema } from './holder-proof';

/**
 * The holder's converted points at the kiosk (留保ポイント口座): what waits for a municipality and
 * until when, their default municipality (基本自治体), and where they can place them.
 */
export const holderHoldingsResponseSchema = z.object({
  held: z.array(
    z.object({
      points: z.number().int().min(1),
      /** The partner (提携企業) the points came from. */
      partnerName: z.string(),
      /** The last day to choose; after it they go to the default municipality, if one is set. */
      holdUntil: z.iso.date(),
    }),
  ),
  defaultMunicipalityCode: municipalityCodeSchema.optional(),
  municipalities: z.array(
    z.object({
      code: municipalityCodeSchema,
      name: z.string(),
      programmeName: z.string(),
      premiumPercent: z.number().int().min(0).max(100),
    }),
  ),
  /** The partners whose points can come here, and whether the holder linked their account. */
  partners: z.array(
    z.object({ serviceCode: serviceCodeSchema, partnerName: z.string(), linked: z.boolean() }),
  ),
});
export type HolderHoldings = z.infer<typeof holderHoldingsResponseSchema>;

export const municipalityChoiceSchema = holderSessionRequestSchema.extend({
  municipalityCode: municipalityCodeSchema,
});

export const placedResponseSchema = z.object({
  programmeCode: z.string(),
  /** The converted points placed, and the municipality's premium added to them. */
  points: z.number().int().min(1),
  premium: z.number().int().min(0),
});

/** A coupon code as the citizen types it (read leniently: see core/points/coupon-code.ts). */
export const redeemCouponRequestSchema = holderSessionRequestSchema.extend({
  code: z.string().max(40),
});
export const redeemedCouponResponseSchema = z.object({
  points: z.number().int().min(1),
  partnerName: z.string(),
  holdUntil: z.iso.date(),
});
export type RedeemedCoupon = z.infer<typeof redeemedCouponResponseSchema>;

/** ID連携 at the kiosk: the customer number at a partner, with the partner's 連携コード for it. */
export const partnerLinkRequestSchema = holderSessionRequestSchema.extend({
  serviceCode: serviceCodeSchema,
  customerId: serviceIdSchema,
  code: z.string().max(40),
});
export const partnerLinkResponseSchema = z.object({
  outcome: z.enum(['registered', 'already_registered']),
  partnerName: z.string(),
});
