import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AnyOperation } from '../../core/api/sync';

/**
 * What an operation said, kept as a keyed MAC beside its result so that an operation id resent
 * with other content can be told from a true resend (as the IETF Idempotency-Key draft does with
 * a fingerprint of the request). Keyed, not a bare hash: the IDs inside are short enough to guess,
 * and a bare hash beside the terminal and the day would let a database reader confirm where and
 * when a given person's link was made. The key lives outside the database (operation-key.ts).
 */
export class OperationMacs {
  private readonly keyId: string;

  constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  /** For tests and tools: a key that lives as long as the process. */
  static ephemeral(): OperationMacs {
    return new OperationMacs(randomBytes(32));
  }

  of(operation: AnyOperation): string {
    const { operationId: _, ...content } = operation;
    return this.ofContent(content);
  }

  /** The MAC of any request's content (keys sorted at every level; the request's own id left out). */
  ofContent(content: object): string {
    const mac = createHmac('sha256', this.key).update(canonical(content)).digest();
    return `${this.keyId}.${mac.toString('base64url')}`;
  }

  /**
   * The key a points movement is found by for a cancel: only the terminal that made the operation
   * can name it, and the database alone cannot tell which terminal that was.
   */
  movementKey(terminalId: string, operationId: string): string {
    const mac = createHmac('sha256', this.key)
      .update(`movement\u0000${terminalId}\u0000${operationId.toLowerCase()}`)
      .digest();
    return `${this.keyId}.${mac.toString('base64url')}`;
  }

  /**
   * The bytes of a coupon code: derived, not stored, so a resent batch gets the same codes and the
   * database holds only their hashes (a reader of it cannot make a code).
   */
  couponBytes(partnerCode: string, batchId: string, index: number): Buffer {
    return createHmac('sha256', this.key)
      .update(`coupon\u0000${partnerCode}\u0000${batchId}\u0000${index}`)
      .digest()
      .subarray(0, 10);
  }

  /**
   * The bytes of a 連携コード: the partner, its customer and the day it was issued, so the kiosk can
   * check a code without the platform storing one (or the customer number) anywhere.
   */
  linkCodeBytes(partnerCode: string, customerId: string, issuedOn: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`link\u0000${partnerCode}\u0000${customerId}\u0000${issuedOn}`)
      .digest()
      .subarray(0, 10);
  }

  /** Whether a stored MAC was made under this key (one made under another cannot be re-derived). */
  madeWithThisKey(stored: string): boolean {
    return stored.startsWith(`${this.keyId}.`);
  }

  /**
   * False only when the stored MAC, made under this key, differs from `now`. A MAC made under
   * another key, or none (operations recorded before MACs existed), cannot be compared: the resend
   * is trusted.
   */
  sameMac(stored: string | null, now: string): boolean {
    if (stored === null || !stored.startsWith(`${this.keyId}.`)) return true;
    const a = Buffer.from(now);
    const b = Buffer.from(stored);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/**
 * One text for one content, whatever the key order: keys sorted at every level (a flat
 * operation's text is the same as before nested ones existed).
 */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
