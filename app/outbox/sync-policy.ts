/**
 * When the sender tries again. Pure: the sender supplies the clock and the randomness, so the
 * rules are tested alone.
 */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so many terminals
 * that lost the network together do not come back in step, yet none waits less than half.
 */
export function backoffDelay(failures: number, random: number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (step / 2) * random);
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What to do with the platform's answer to a batch. */
export type BatchVerdict =
  | { kind: 'answered' }
  /** The network or the platform failed: nothing is known to be applied; send again later. */
  | { kind: 'retry'; afterMs: number }
  /** The platform refused the whole batch for a reason a retry will not fix (auth, a bad batch). */
  | { kind: 'stop'; code: string };

export function judgeBatchAnswer(
  answer: { status: number; retryAfter: string | null; errorCode?: string } | 'network-error',
  failures: number,
  now: number,
  random: number,
): BatchVerdict {
  const backoff = () => backoffDelay(failures + 1, random);
  if (answer === 'network-error') return { kind: 'retry', afterMs: backoff() };
  if (answer.status === 200) return { kind: 'answered' };
  if (answer.status === 429 || answer.status === 503 || answer.status >= 500) {
    const asked = retryAfterMs(answer.retryAfter, now);
    return { kind: 'retry', afterMs: asked ?? backoff() };
  }
  // 401 with a clock problem heals when the clock does, and a replay verdict means a nonce clash:
  // both are worth another try; a revoked or unknown terminal is not.
  if (answer.errorCode === 'SIGNATURE_EXPIRED' || answer.errorCode === 'REQUEST_REPLAYED')
    return { kind: 'retry', afterMs: backoff() };
  return { kind: 'stop', code: answer.errorCode ?? `HTTP_${answer.status}` };
}
