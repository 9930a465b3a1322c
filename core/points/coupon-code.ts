/**
 * Coupon codes (クーポンコード) for partner points: 16 characters of Crockford's base32 (80 random
 * bits; no I, L, O or U, so nothing reads as another character) and a check character (Luhn mod
 * 32), written in groups: `7K3M-Q9XD-2F8R-HW5T-9`. The check catches every single mistyped
 * character, and every swap of two neighbours in the first sixteen but 0 with Z (as Luhn's digits
 * miss 09 ↔ 90), before the platform is asked; a typo it misses costs one of the kiosk's tries.
 */
/** The characters a code is made of (the kiosk's keys for it). */
export const COUPON_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALPHABET = COUPON_ALPHABET;
const BODY_LENGTH = 16;
export const COUPON_CODE_LENGTH = BODY_LENGTH + 1;

/** Luhn mod N over the alphabet: the character that makes the whole code check. */
function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    const addend = factor * ALPHABET.indexOf(body.charAt(i));
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / 32) + (addend % 32);
  }
  return ALPHABET.charAt((32 - (sum % 32)) % 32);
}

/** A code from 10 random (or derived) bytes, with its check character, grouped for reading. */
export function couponCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < 10) throw new RangeError('a coupon code needs 10 bytes');
  let bits = 0;
  let value = 0;
  let body = '';
  for (const byte of bytes.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      body += ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return groupCode(body + checkCharacter(body));
}

/** A code in its groups of four, as printed: 7K3M-Q9XD-2F8R-HW5T-9. */
export const groupCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

/** What a person typed so far, as the code's characters only (upper case, no spaces or hyphens). */
export const typedCode = (typed: string) => typed.toUpperCase().replace(/[^0-9A-Z]/g, '');

export type CouponCodeReading =
  | { ok: true; code: string }
  | { ok: false; reason: 'length' | 'character' | 'check' };

/**
 * What a person typed, read as a code: spaces and hyphens ignored, lower case allowed, and the
 * letters people confuse read as Crockford does (O → 0, I and L → 1). Returns the canonical form.
 */
export function readCouponCode(typed: string): CouponCodeReading {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== COUPON_CODE_LENGTH) return { ok: false, reason: 'length' };
  if ([...plain].some((c) => !ALPHABET.includes(c))) return { ok: false, reason: 'character' };
  const body = plain.slice(0, BODY_LENGTH);
  if (checkCharacter(body) !== plain.charAt(BODY_LENGTH)) return { ok: false, reason: 'check' };
  return { ok: true, code: groupCode(plain) };
}
