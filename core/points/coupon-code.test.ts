import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reached } from '../../tests/support/reach';
import { couponCodeFrom, groupCode, readCouponCode, typedCode } from './coupon-code';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const bytesArb = fc.uint8Array({ minLength: 10, maxLength: 10 });
const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

/** Crockford base32 back to bits, written here from the alphabet, not from the code under test. */
const decodeBody = (body: string) => {
  let n = 0n;
  for (const c of body) n = (n << 5n) | BigInt(ALPHABET.indexOf(c));
  return Uint8Array.from({ length: 10 }, (_, i) => Number((n >> BigInt(72 - 8 * i)) & 0xffn));
};

describe('coupon codes', () => {
  it('reads back every code it makes, typed in lower case and without hyphens', () => {
    const reach = reached({ 'read back': 1_000 });
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const code = couponCodeFrom(bytes);
        expect(code).toMatch(
          /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]$/,
        );
        reach.hit('read back');
        expect(readCouponCode(code.toLowerCase().replace(/-/g, ' '))).toEqual({ ok: true, code });
      }),
      { numRuns: 1_000 },
    );
    reach.check();
  });

  it('writes the 80 bits of its 10 bytes, in order, as its first 16 characters', () => {
    const reach = reached({ 'decoded back to the bytes': 1_000 });
    fc.assert(
      fc.property(bytesArb, fc.uint8Array({ minLength: 0, maxLength: 6 }), (bytes, extra) => {
        const code = couponCodeFrom(Uint8Array.from([...bytes, ...extra]));
        reach.hit('decoded back to the bytes');
        expect(Array.from(decodeBody(code.replace(/-/g, '').slice(0, 16)))).toEqual(
          Array.from(bytes),
        );
      }),
      { numRuns: 1_000 },
    );
    reach.check();
  });

  it('ends with the Luhn mod 32 check character (known answers, computed independently)', () => {
    expect(couponCodeFrom(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBe(
      '0410-6105-0R3G-G28A-0',
    );
    expect(couponCodeFrom(new Uint8Array(10).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ-G');
    expect(
      couponCodeFrom(Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23])),
    ).toBe('04HM-ASW9-NF6Y-Y093-G');
    expect(couponCodeFrom(fromHex('00000000000000000001'))).toBe('0000-0000-0000-0001-Y');
    expect(couponCodeFrom(fromHex('fedcba98765432100f1e'))).toBe('ZVEB-N63P-AGS1-03RY-M');
    expect(couponCodeFrom(fromHex('1122334455667788990a'))).toBe('24H3-6H2N-CSVR-H68A-5');
    expect(readCouponCode('ZZZZ-ZZZZ-ZZZZ-ZZZZ-0')).toEqual({ ok: false, reason: 'check' });
  });

  it('needs 10 bytes', () => {
    expect(() => couponCodeFrom(new Uint8Array(9))).toThrow(
      new RangeError('a coupon code needs 10 bytes'),
    );
  });

  it('catches every single mistyped character', () => {
    const reach = reached({ 'mistyped character caught': 2_000 });
    fc.assert(
      fc.property(bytesArb, fc.nat(16), fc.nat(30), (bytes, at, shift) => {
        const plain = couponCodeFrom(bytes).replace(/-/g, '');
        const wrong = ALPHABET.charAt((ALPHABET.indexOf(plain.charAt(at)) + 1 + shift) % 32);
        const typed = plain.slice(0, at) + wrong + plain.slice(at + 1);
        reach.hit('mistyped character caught');
        expect(readCouponCode(typed)).toEqual({ ok: false, reason: 'check' });
      }),
      { numRuns: 2_000 },
    );
    reach.check();
  });

  it('catches every swap of two different neighbours in the body, but 0 with Z', () => {
    const reach = reached({ 'swap caught': 1_900 });
    fc.assert(
      fc.property(bytesArb, fc.nat(14), (bytes, at) => {
        const plain = couponCodeFrom(bytes).replace(/-/g, '');
        const pair = [plain.charAt(at), plain.charAt(at + 1)].sort().join('');
        fc.pre(pair.charAt(0) !== pair.charAt(1) && pair !== '0Z');
        const typed =
          plain.slice(0, at) + plain.charAt(at + 1) + plain.charAt(at) + plain.slice(at + 2);
        reach.hit('swap caught');
        expect(readCouponCode(typed).ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
    reach.check();
  });

  it('reads O as 0 and I or L as 1, and refuses other letters and lengths', () => {
    const code = couponCodeFrom(new Uint8Array(10));
    expect(code).toBe('0000-0000-0000-0000-0');
    expect(readCouponCode('oooo-OOOO-0000-0000-0')).toEqual({ ok: true, code });
    expect(readCouponCode('0000-0000-0000-0000')).toEqual({ ok: false, reason: 'length' });
    expect(readCouponCode('U000-0000-0000-0000-0')).toEqual({ ok: false, reason: 'character' });
    const ones = couponCodeFrom(Uint8Array.from([8, 66, 16, 132, 33, 8, 66, 16, 132, 33]));
    expect(ones).toMatch(/^1111-1111-1111-1111-/);
    expect(readCouponCode(`IiLl-1111-1111-1111-${ones.slice(-1)}`)).toEqual({
      ok: true,
      code: ones,
    });
  });

  it('shows what was typed so far as code characters, in groups of four', () => {
    expect(typedCode('7k3m-q9 xd　2')).toBe('7K3MQ9XD2');
    expect(typedCode('')).toBe('');
    expect(groupCode('7K3MQ9XD2')).toBe('7K3M-Q9XD-2');
    // The kiosk shows the empty preview before the first key.
    expect(groupCode(typedCode(''))).toBe('');
  });
});
