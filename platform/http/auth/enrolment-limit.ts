import { LRUCache } from 'lru-cache';

export interface EnrolmentLimitOptions {
  /** Wrong codes one client address may send in `windowSeconds`. */
  maxFailures: number;
  windowSeconds: number;
  /** Addresses remembered at once; the least recently seen are forgotten first. */
  maxAddresses: number;
}

export const ENROLMENT_LIMIT_DEFAULTS: EnrolmentLimitOptions = {
  maxFailures: 20,
  windowSeconds: 15 * 60,
  maxAddresses: 10_000,
};

/**
 * Failed enrolments per client address, in a fixed window from the first failure. Staff mistype
 * a code now and then; thousands of guesses a second are refused with 429 long before the 60-bit
 * code space could matter. The table is bounded whatever clients send.
 */
export class EnrolmentLimit {
  private readonly failures: LRUCache<string, { count: number; since: number }>;

  constructor(
    private readonly options: EnrolmentLimitOptions = ENROLMENT_LIMIT_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {
    this.failures = new LRUCache({
      max: options.maxAddresses,
      ttl: options.windowSeconds * 1000,
      ttlResolution: 0,
      perf: { now },
    });
  }

  /** Seconds until this address may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const entry = this.failures.get(address);
    if (entry === undefined || entry.count < this.options.maxFailures) return 0;
    const endsAt = entry.since + this.options.windowSeconds * 1000;
    return Math.max(1, Math.ceil((endsAt - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const entry = this.failures.get(address);
    if (entry === undefined) this.failures.set(address, { count: 1, since: this.now() });
    // Counted in place: the window runs from the first failure, not the latest.
    else entry.count += 1;
  }
}
