import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Credentials are stored only as SHA-256 hashes; they are long and random, so no salt is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newAdminToken(): string {
  return `mka_${randomBytes(32).toString('base64url')}`;
}

// Crockford base32 without I, L, O, U: no letters that read as digits on a tablet keyboard.
const ENROLMENT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 12 characters (60 bits) in groups of four, typed by staff on the new terminal. */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 12 }, () => ENROLMENT_ALPHABET[randomInt(32)] ?? '0');
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Staff type codes in lower case, with spaces or without the hyphens. */
export function canonicalEnrolmentCode(typed: string): string {
  const compact = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
  return [0, 4, 8]
    .map((i) => compact.slice(i, i + 4))
    .filter(Boolean)
    .join('-');
}
