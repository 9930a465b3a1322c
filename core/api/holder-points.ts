import { z } from 'zod';

/** How far ahead the kiosk lists points about to expire. */
export const EXPIRING_WITHIN_DAYS = 90;
/** The most recent entries the kiosk shows per programme. */
export const HOLDER_ENTRIES_SHOWN = 50;

/**
 * The holder's own points at the kiosk, after their PIN: each programme's balance, the points that
 * expire in the next 90 days with their days, and the entries still held (day, shop, amount).
 */
export const holderPointsResponseSchema = z.object({
  programmes: z.array(
    z.object({
      programmeCode: z.string(),
      programmeName: z.string(),
      balance: z.number().int().min(0),
      expiring: z.array(z.object({ points: z.number().int().min(1), expiresOn: z.iso.date() })),
      entries: z.array(
        z.object({
          on: z.iso.date(),
          kind: z.enum(['award', 'redeem', 'cancel', 'expire', 'place']),
          /** The shop's (provider's) name, or the partner's for a placing; absent for an expiry. */
          shop: z.string().optional(),
          amount: z.number().int(),
        }),
      ),
    }),
  ),
});
export type HolderPoints = z.infer<typeof holderPointsResponseSchema>;
