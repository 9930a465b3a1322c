import type { GuessCounts, GuessScope } from '../../domain/guess-limits';

export interface FailureLimitOptions {
  /** Wrong codes one key (an address, a terminal) may send in `windowSeconds`. */
  maxFailures: number;
  windowSeconds: number;
  /**
   * Live rows the scope may hold before keys with no row of their own share one overflow window
   * (GuessWindow.maxKeys): for enrolment, whose keys are client addresses a stranger chooses.
   */
  maxKeys?: number;
}

export const ENROLMENT_LIMIT_DEFAULTS: FailureLimitOptions = {
  maxFailures: 20,
  windowSeconds: 15 * 60,
  // About 100,000 rows of ~150 bytes: a flood of fresh addresses past it shares one window.
  maxKeys: 100_000,
};

/** Wrong coupon codes one kiosk may try: a citizen mistypes; a guesser is stopped for ten minutes. */
export const COUPON_LIMIT_DEFAULTS: FailureLimitOptions = {
  maxFailures: 10,
  windowSeconds: 10 * 60,
};

export type Limited<T> =
  | { limited: true; retryAfterSeconds: number }
  | { limited: false; answer: T };

/**
 * Failures per key (a client address for enrolment codes, an IPv6 one by its /64, a kiosk for coupon and 連携コード), in a
 * fixed window from the first counted failure. People mistype a code now and then; thousands of
 * guesses a second are refused with 429 long before the code space could matter. Each try is
 * counted in the database before its code is checked (GuessCounts), so a burst sent at once or
 * spread over every process of a fleet gets exactly `maxFailures` checks; a try that was no guess
 * is given back. A key refused once is refused by this process until its window ends without a
 * statement, and the enrolment scope's rows are capped (`maxKeys`), so neither a flood of refused
 * tries nor one of fresh addresses costs the database more than a bounded amount.
 */
export class FailureLimit {
  constructor(
    private readonly options: FailureLimitOptions = ENROLMENT_LIMIT_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `check` if `key` may try now; its answer counts as a failure when `isGuess` says so.
   * Past the limit even a right code waits: a guesser cannot tell a hit.
   */
  async guard<T>(
    counts: GuessCounts,
    scope: GuessScope,
    key: string,
    check: () => Promise<T>,
    isGuess: (answer: T) => boolean,
  ): Promise<Limited<T>> {
    const tried = await counts.count(
      scope,
      key,
      {
        maxGuesses: this.options.maxFailures,
        windowSeconds: this.options.windowSeconds,
        ...(this.options.maxKeys === undefined ? {} : { maxKeys: this.options.maxKeys }),
      },
      this.now(),
    );
    if (!tried.counted) return { limited: true, retryAfterSeconds: tried.retryAfterSeconds };
    let guess = false;
    try {
      const answer = await check();
      guess = isGuess(answer);
      return { limited: false, answer };
    } finally {
      // A give-back that fails leaves the try counted (stricter, never looser) and the answer as it is.
      if (!guess) await counts.giveBack(tried.attempt).catch(() => {});
    }
  }
}
