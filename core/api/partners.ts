import { z } from 'zod';
import { errorBodySchema, providerCodeSchema, serviceCodeSchema, serviceIdSchema } from './common';

/**
 * 地域経済応援ポイント: a partner (a credit-card company, an airline, a telecom or power company)
 * converts its customers' points into their holding account (留保ポイント口座) on the platform.
 * The partner names its customer by its own customer number, the service ID of the customer's
 * ID連携 link; it never learns the My Key ID. Points never go back to a partner.
 */

/** The partner's own id for one conversion: exactly once per partner and id. */
export const transactionIdSchema = z
  .string()
  .regex(/^[\x21-\x7E]{1,64}$/)
  .describe("the partner's transaction id (printable ASCII, 1-64): a resend is applied once");

export const MAX_PARTNER_POINTS = 10_000_000;

export const conversionRequestSchema = z.object({
  transactionId: transactionIdSchema,
  customerId: serviceIdSchema.describe(
    "the customer's number at the partner (the linked service ID)",
  ),
  partnerPoints: z.number().int().min(1).max(MAX_PARTNER_POINTS),
});
export type ConversionRequest = z.infer<typeof conversionRequestSchema>;

export const conversionResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('applied'),
    outcome: z.literal('converted'),
    /** Points credited to the holding account. */
    points: z.number().int().min(1),
    /** The last day the person can choose a municipality before the default one gets them. */
    holdUntil: z.iso.date(),
  }),
  z.object({ status: z.literal('rejected'), error: errorBodySchema.shape.error }),
]);
export const conversionResponseSchema = z.object({
  transactionId: transactionIdSchema,
  result: conversionResultSchema,
});
export type ConversionResponse = z.infer<typeof conversionResponseSchema>;

/** A partner's rules, as the operator writes them (admin API and CLI). */
export const partnerSchema = z.object({
  providerCode: providerCodeSchema,
  /** The partner's ID連携 service: its service IDs are the partner's customer numbers. */
  serviceCode: serviceCodeSchema,
  ratePoints: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .describe('points for every ratePer partner points'),
  ratePer: z.number().int().min(1).max(1_000_000),
  dailyCapPerson: z.number().int().min(1).max(10_000_000),
  dailyCapPartner: z.number().int().min(1).max(1_000_000_000),
  holdingDays: z.number().int().min(1).max(90).default(14),
});
export type Partner = z.infer<typeof partnerSchema>;

/** クーポンコード: a batch of single-use codes, each worth `points`, for the partner to hand out. */
export const couponBatchRequestSchema = z.object({
  batchId: transactionIdSchema.describe(
    "the partner's id for the batch: a resend gets the same codes",
  ),
  count: z.number().int().min(1).max(1000),
  points: z.number().int().min(1).max(1_000_000),
  validDays: z.number().int().min(1).max(365),
});
export type CouponBatchRequest = z.infer<typeof couponBatchRequestSchema>;

export const couponBatchResponseSchema = z.object({
  batchId: transactionIdSchema,
  /** The last day a code can be redeemed. */
  expiresOn: z.iso.date(),
  codes: z.array(z.string()),
});
export type CouponBatchResponse = z.infer<typeof couponBatchResponseSchema>;

/**
 * 連携コード: proof, for the kiosk, that the person linking a customer number is that customer. The
 * partner asks for one for a customer who signed in on its own site and shows it to them; the
 * person types the number and the code at the kiosk. Derived, never stored; valid for 7 days.
 */
export const LINK_CODE_DAYS = 7;
export const linkCodeRequestSchema = z.object({
  customerId: serviceIdSchema.describe("the signed-in customer's number at the partner"),
});
export const linkCodeResponseSchema = z.object({
  code: z.string(),
  /** The last day the code can be used at a kiosk. */
  validUntil: z.iso.date(),
});
