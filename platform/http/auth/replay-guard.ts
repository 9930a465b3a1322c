/**
 * Remembers nonces for as long as their signatures could still be accepted. Two generations that
 * rotate every `windowSeconds`: a nonce is kept between one and two windows, which covers a
 * `created` time anywhere in the accepted ±skew range. Kept in memory: one platform process per
 * database, or sticky routing by terminal, is assumed (README: Configuration).
 */
export class ReplayGuard {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;

  constructor(
    private readonly windowSeconds: number,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    this.rotatedAt = now();
  }

  /** True when the key was seen already; otherwise records it. */
  seenBefore(key: string): boolean {
    const t = this.now();
    if (t - this.rotatedAt >= this.windowSeconds) {
      // Skipping several windows at once must not keep stale nonces forever.
      this.previous = t - this.rotatedAt >= 2 * this.windowSeconds ? new Set() : this.current;
      this.current = new Set();
      this.rotatedAt = t;
    }
    if (this.current.has(key) || this.previous.has(key)) return true;
    this.current.add(key);
    return false;
  }
}
