import { z } from 'zod';
import { MIN_PEOPLE } from '../points/shop-analytics';
import { programmeCodeSchema } from './points';

/**
 * 顧客分析 on the wire: a programme's weeks as published (core/points/shop-analytics.ts decides
 * what may be shown; a suppressed cell is null). A shop's terminal gets its own rows and the
 * street's; the street's association (the programme's owner) gets every shop's.
 */
export const ANALYTICS_WEEKS_DEFAULT = 12;
export const ANALYTICS_WEEKS_MAX = 53;

export const shopAnalyticsRequestSchema = z.object({
  programmeCode: programmeCodeSchema,
  weeks: z.number().int().min(1).max(ANALYTICS_WEEKS_MAX).optional(),
});
export type ShopAnalyticsRequest = z.infer<typeof shopAnalyticsRequestSchema>;

const cell = z.number().int().min(0).nullable();

export const weekRowSchema = z.object({
  /** The shop; '' for the whole street. */
  providerCode: z.string(),
  providerName: z.string(),
  customers: cell,
  newCustomers: cell,
  repeatCustomers: cell,
  /** Who also used another shop of the street that week (for the street: two or more shops). */
  otherShopCustomers: cell,
  pointsAwarded: cell,
  pointsRedeemed: cell,
});
export type WeekRow = z.infer<typeof weekRowSchema>;

export const shopAnalyticsSchema = z.object({
  programmeCode: programmeCodeSchema,
  programmeName: z.string(),
  /** 'street': this terminal is the association's, and sees every shop. */
  scope: z.enum(['shop', 'street']),
  /** Cells about fewer people than this are never shown. */
  minPeople: z.literal(MIN_PEOPLE),
  /** Oldest first; a week runs Monday to Sunday. */
  weeks: z.array(
    z.object({ weekStart: z.iso.date(), street: weekRowSchema, shops: z.array(weekRowSchema) }),
  ),
});
export type ShopAnalytics = z.infer<typeof shopAnalyticsSchema>;
