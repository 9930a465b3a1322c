import { z } from 'zod';
import { SERVICE_ID_PATTERN } from '../catalogue-codes';

/** What kind of contactless card a reader found, from the ATR the reader builds (PC/SC part 3). */
export const CARD_TECHNOLOGIES = [
  'FeliCa',
  'ISO14443A',
  'ISO14443B',
  'ISO14443-4',
  'ISO15693',
  'unknown',
] as const;
export type CardTechnology = (typeof CARD_TECHNOLOGIES)[number];

/**
 * A card profile turns a service card's UID / IDm into the service ID that service's own system
 * uses. Library and point systems often print the UID as a decimal number, sometimes with the
 * bytes reversed (how many desk readers emulate a keyboard), with a prefix or zero padding.
 */
export const cardProfileSchema = z.strictObject({
  /** The technologies this service's cards use; another card is refused, not misread. */
  technologies: z.array(z.enum(CARD_TECHNOLOGIES)).min(1).optional(),
  encoding: z.enum(['hex', 'decimal', 'decimal-reversed']).default('hex'),
  /** Left-pad with zeros to this many characters. */
  padTo: z.int().min(1).max(64).optional(),
  prefix: z.string().max(16).default(''),
  suffix: z.string().max(16).default(''),
  description: z.string().max(200).optional(),
});
export type CardProfile = z.infer<typeof cardProfileSchema>;

export const cardProfilesSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  cardProfileSchema,
);
export type CardProfiles = z.infer<typeof cardProfilesSchema>;

export type ServiceIdFromCard =
  | { ok: true; serviceId: string }
  | { ok: false; code: 'CARD_PROFILE_MISMATCH' };

function hexToBytes(uidHex: string): number[] {
  return (uidHex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
}

function toDecimal(bytes: number[]): string {
  return bytes.reduce((n, b) => n * 256n + BigInt(b), 0n).toString(10);
}

/** Applies a profile to a UID given as upper-case hex. */
export function serviceIdFromCard(
  uidHex: string,
  technology: CardTechnology,
  profile: CardProfile,
): ServiceIdFromCard {
  if (profile.technologies !== undefined && !profile.technologies.includes(technology)) {
    return { ok: false, code: 'CARD_PROFILE_MISMATCH' };
  }
  const bytes = hexToBytes(uidHex);
  const body =
    profile.encoding === 'hex'
      ? uidHex
      : toDecimal(profile.encoding === 'decimal' ? bytes : bytes.reverse());
  const padded = profile.padTo === undefined ? body : body.padStart(profile.padTo, '0');
  const serviceId = `${profile.prefix}${padded}${profile.suffix}`;
  // A profile must still give a valid service ID; if not, it is the wrong profile for this card.
  if (!SERVICE_ID_PATTERN.test(serviceId)) return { ok: false, code: 'CARD_PROFILE_MISMATCH' };
  return { ok: true, serviceId };
}
