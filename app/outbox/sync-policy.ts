import type { AnyErrorCode } from '../../core/errors';

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

/** What to do when a batch got no usable answer. */
export type BatchVerdict =
  /** The network or the platform failed: nothing is known to be applied; send again later. */
  | { kind: 'retry'; afterMs: number }
  /** The platform refused the whole batch for a reason a retry will not fix (auth, a bad batch). */
  | { kind: 'stop'; code: AnyErrorCode };

/** A 2xx whose body is not the protocol: something between us and the platform; not too soon. */
export const UNREADABLE_ANSWER_RETRY_MS = 30_000;

export function judgeBatchFailure(
  failure: { code: AnyErrorCode; status: number | undefined; retryAfter: string | null },
  failures: number,
  now: number,
  random: number,
): BatchVerdict {
  const backoff = () => backoffDelay(failures + 1, random);
  const { status } = failure;
  if (status === undefined) return { kind: 'retry', afterMs: backoff() };
  if (status >= 200 && status < 300) return { kind: 'retry', afterMs: UNREADABLE_ANSWER_RETRY_MS };
  if (status === 429 || status >= 500) {
    const asked = retryAfterMs(failure.retryAfter, now);
    return { kind: 'retry', afterMs: asked ?? backoff() };
  }
  // 401 with a clock problem heals when the clock does, and a replay verdict means a nonce clash:
  // both are worth another try; a revoked or unknown terminal is not.
  if (failure.code === 'SIGNATURE_EXPIRED' || failure.code === 'REQUEST_REPLAYED')
    return { kind: 'retry', afterMs: backoff() };
  return { kind: 'stop', code: failure.code };
}
