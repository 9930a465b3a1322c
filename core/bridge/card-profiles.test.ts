import { describe, expect, it } from 'vitest';
import { cardProfileSchema, serviceIdFromCard } from './card-profiles';

const profile = (fields: object) => cardProfileSchema.parse(fields);

describe('card profiles', () => {
  it('keeps the UID as upper-case hex by default', () => {
    expect(serviceIdFromCard('04A1B2C3', 'ISO14443A', profile({}))).toEqual({
      ok: true,
      serviceId: '04A1B2C3',
    });
  });

  it('reads the UID as a decimal number, in card byte order or reversed as desk readers type it', () => {
    expect(serviceIdFromCard('04A1B2C3', 'ISO14443A', profile({ encoding: 'decimal' }))).toEqual({
      ok: true,
      serviceId: String(0x04a1b2c3),
    });
    expect(
      serviceIdFromCard(
        '04A1B2C3',
        'ISO14443A',
        profile({ encoding: 'decimal-reversed', padTo: 10 }),
      ),
    ).toEqual({ ok: true, serviceId: String(0xc3b2a104).padStart(10, '0') });
  });

  it('adds prefix, suffix and zero padding', () => {
    expect(
      serviceIdFromCard('0A', 'FeliCa', profile({ padTo: 4, prefix: 'L', suffix: '-1' })),
    ).toEqual({ ok: true, serviceId: 'L000A-1' });
  });

  it('refuses a card of a technology the profile does not list', () => {
    expect(serviceIdFromCard('0A', 'FeliCa', profile({ technologies: ['ISO14443A'] }))).toEqual({
      ok: false,
      code: 'CARD_PROFILE_MISMATCH',
    });
  });

  it('never gives a service ID the platform would refuse', () => {
    expect(serviceIdFromCard('0A', 'FeliCa', profile({ prefix: 'カード' }))).toEqual({
      ok: false,
      code: 'CARD_PROFILE_MISMATCH',
    });
  });

  it('rejects a profile with unknown fields instead of ignoring a typo', () => {
    expect(cardProfileSchema.safeParse({ encodng: 'decimal' }).success).toBe(false);
  });
});
