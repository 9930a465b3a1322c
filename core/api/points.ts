import { z } from 'zod';
import { operationIdSchema } from './common';
import { certificateSchema } from './mykeys';

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
export const activityCodeSchema = z.string().regex(/^[a-z0-9-]{1,32}$/);

/**
 * The card on the reader: its auth certificate as the bridge read it (DER, base64). Every points
 * operation at a counter carries it instead of a My Key ID; the platform checks that it is a card
 * in good standing and bound to a My Key ID, and moves that ID's points. It proves the card's data
 * was at hand, not that its holder was (the certificate is readable without the PIN): a proof of
 * the holder is the PIN (pointsProofSchema, for redemptions above a programme's threshold).
 */
export const tappedCardSchema = certificateSchema.describe(
  'the tapped card’s 利用者証明用電子証明書 (DER, base64)',
);

/** 付与: a purchase's total (× the programme's rate) or a named activity (a fixed award). */
export const awardPointsSchema = z.strictObject({
  operationId: operationIdSchema,
  kind: z.literal('awardPoints'),
  certificate: tappedCardSchema,
  madeAt: z.iso
    .datetime()
    .describe(
      'when the card was read for this award, by the terminal’s clock: an award queued offline is judged by the card’s validity then',
    ),
  programmeCode: programmeCodeSchema,
  award: z.discriminatedUnion('by', [
    z.object({ by: z.literal('purchase'), yen: z.number().int().min(1).max(MAX_PURCHASE_YEN) }),
    z.object({ by: z.literal('activity'), activityCode: activityCodeSchema }),
  ]),
});
export type AwardPoints = z.infer<typeof awardPointsSchema>;

/** What a points operation did, when it was applied. */
export const pointsOutcomeSchema = z.enum(['awarded', 'redeemed', 'cancelled']);
export type PointsOutcome = z.infer<typeof pointsOutcomeSchema>;
