import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { couponCodeFrom, readCouponCode } from './coupon-code';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const bytesArb = fc.uint8Array({ minLength: 10, maxLength: 10 });

describe('coupon codes', () => {
  it('reads back every code it makes, typed in lower case and without hyphens', () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const code = couponCodeFrom(bytes);
        expect(code).toMatch(
          /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$/,
        );
        expect(readCouponCode(code.toLowerCase().replace(/-/g, ' '))).toEqual({ ok: true, code });
      }),
    );
  });

  it('catches every single mistyped character', () => {
    fc.assert(
      fc.property(bytesArb, fc.nat(16), fc.nat(30), (bytes, at, shift) => {
        const plain = couponCodeFrom(bytes).replace(/-/g, '');
        const wrong = ALPHABET.charAt((ALPHABET.indexOf(plain.charAt(at)) + 1 + shift) % 32);
        const typed = plain.slice(0, at) + wrong + plain.slice(at + 1);
        expect(readCouponCode(typed)).toEqual({ ok: false, reason: 'check' });
      }),
    );
  });

  it('catches every swap of two different neighbours in the body, but 0 with Z', () => {
    fc.assert(
      fc.property(bytesArb, fc.nat(14), (bytes, at) => {
        const plain = couponCodeFrom(bytes).replace(/-/g, '');
        const pair = [plain.charAt(at), plain.charAt(at + 1)].sort().join('');
        fc.pre(pair.charAt(0) !== pair.charAt(1) && pair !== '0Z');
        const typed =
          plain.slice(0, at) + plain.charAt(at + 1) + plain.charAt(at) + plain.slice(at + 2);
        expect(readCouponCode(typed).ok).toBe(false);
      }),
    );
  });

  it('reads O as 0 and I or L as 1, and refuses other letters and lengths', () => {
    const code = couponCodeFrom(new Uint8Array(10));
    expect(code).toBe('0000-0000-0000-0000-0');
    expect(readCouponCode('oooo-OOOO-0000-0000-0')).toEqual({ ok: true, code });
    expect(readCouponCode('0000-0000-0000-0000')).toEqual({ ok: false, reason: 'length' });
    expect(readCouponCode('U000-0000-0000-0000-0')).toEqual({ ok: false, reason: 'character' });
  });
});
