import { expect } from 'vitest';

/**
 * Proof that a property test tested something. A property whose generated cases rarely (or never)
 * get past its preconditions passes without checking anything: fast-check's default size keeps
 * `fc.array(…, { maxLength: 60 })` near 10 elements, and a filter or an `if` can skip the check
 * in every run. Count each time a run reaches one of its real checks, then require each count to
 * reach its stated minimum:
 *
 *   const reach = reached({ 'wrong character caught': 1_500 });
 *   fc.assert(fc.property(…, () => { …; reach.hit('wrong character caught'); expect(…); }),
 *     { numRuns: 2_000 });
 *   reach.check();
 */
export function reached<Check extends string>(minimums: Record<Check, number>) {
  const counts = new Map<Check, number>();
  return {
    /** The run got as far as this check (call it just before the check's assertion). */
    hit(check: Check): void {
      counts.set(check, (counts.get(check) ?? 0) + 1);
    },
    /** How often a check was reached so far. */
    count(check: Check): number {
      return counts.get(check) ?? 0;
    },
    /** Fails unless every check was reached at least its minimum number of times. */
    check(): void {
      // REACH_LOG=1 prints the counts, to choose a minimum well below what a run reaches.
      if (process.env.REACH_LOG) console.log(Object.fromEntries(counts));
      for (const check of Object.keys(minimums) as Check[]) {
        const minimum = minimums[check];
        expect(
          counts.get(check) ?? 0,
          `the property reached "${check}" too rarely to have tested it (at least ${minimum} needed)`,
        ).toBeGreaterThanOrEqual(minimum);
      }
    },
  };
}
