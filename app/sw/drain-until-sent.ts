import type { DrainOutcome } from '../outbox/sender';

/**
 * How long the worker keeps trying inside one sync event. The browser says "online" a moment
 * before every part of it is (under load the worker's first request can still fail), and a page
 * being closed can hold the sender's lock for a moment after it is gone. A browser retries a
 * failed sync only minutes later, so the worker tries again itself a few times, about 15 s in
 * all, well inside the time a sync event is given.
 */
export const WORKER_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000];

export interface WorkerDrain {
  drain(): Promise<DrainOutcome>;
  /** Resolves once no one holds the sender's lock (the worker waits its turn). */
  lockFreed(): Promise<void>;
  wait(ms: number): Promise<void>;
}

/**
 * Drains until the queue is empty or the platform refused for good. Rejects when it is still
 * waiting (no network, a busy platform), so the browser keeps the sync and fires it again later:
 * a sync event that resolves is one the browser forgets.
 */
export async function drainUntilSent(
  worker: WorkerDrain,
  delays: readonly number[] = WORKER_RETRY_DELAYS_MS,
): Promise<DrainOutcome> {
  let outcome = await worker.drain();
  for (const delay of delays) {
    if (outcome === 'drained' || outcome === 'stopped') return outcome;
    if (outcome === 'busy') await worker.lockFreed();
    else await worker.wait(delay);
    outcome = await worker.drain();
  }
  if (outcome === 'drained' || outcome === 'stopped') return outcome;
  throw new Error(`the outbox is not sent yet (${outcome}); the browser will sync again`);
}
