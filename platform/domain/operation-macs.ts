import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Operation } from '../../core/api/sync';

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

  of(operation: Operation): string {
    const mac = createHmac('sha256', this.key).update(canonicalContent(operation)).digest();
    return `${this.keyId}.${mac.toString('base64url')}`;
  }

  /**
   * False only when the stored MAC, made under this key, differs. A MAC made under another key,
   * or none (operations recorded before MACs existed), cannot be compared: the resend is trusted.
   */
  sameContent(stored: string | null, operation: Operation): boolean {
    if (stored === null || !stored.startsWith(`${this.keyId}.`)) return true;
    const now = Buffer.from(this.of(operation));
    const then = Buffer.from(stored);
    return now.length === then.length && timingSafeEqual(now, then);
  }
}

/** The operation without its id, keys sorted: one text for one content, whatever the key order. */
function canonicalContent(operation: Operation): string {
  const { operationId: _, ...content } = operation;
  return JSON.stringify(content, Object.keys(content).sort());
}
