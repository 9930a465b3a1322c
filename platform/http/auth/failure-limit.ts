import { LRUCache } from 'lru-cache';

export interface FailureLimitOptions {
  /** Wrong codes one key (an address, a terminal) may send in `windowSeconds`. */
  maxFailures: number;
  windowSeconds: number;
  /** Keys remembered at once; the least recently seen are forgotten first. */
  maxAddresses: number;
}

export const ENROLMENT_LIMIT_DEFAULTS: FailureLimitOptions = {
  maxFailures: 20,
  windowSeconds: 15 * 60,
  maxAddresses: 10_000,
};

/** Wrong coupon codes one kiosk may try: a citizen mistypes; a guesser is stopped for ten minutes. */
export const COUPON_LIMIT_DEFAULTS: FailureLimitOptions = {
  maxFailures: 10,
  windowSeconds: 10 * 60,
  maxAddresses: 10_000,
};

/**
 * Failures per key (a client address for enrolment codes, a kiosk for coupon codes), in a fixed
 * window from the first failure. People mistype a code now and then; thousands of guesses a second
 * are refused with 429 long before the code space could matter. The table is bounded whatever
 * clients send.
 */
export class FailureLimit {
  private readonly failures: LRUCache<string, { count: number; since: number }>;

  constructor(
    private readonly options: FailureLimitOptions = ENROLMENT_LIMIT_DEFAULTS,
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
