import { describe, expect, it } from 'vitest';
import type { DrainOutcome } from '../outbox/sender';
import { drainUntilSent, WORKER_RETRY_DELAYS_MS } from './drain-until-sent';

/** A worker whose drains answer `outcomes` in turn, and which writes down what it was asked. */
function worker(outcomes: DrainOutcome[]) {
  const steps: string[] = [];
  let next = 0;
  return {
    steps,
    drain: async () => {
      const outcome = outcomes[Math.min(next, outcomes.length - 1)] ?? 'drained';
      next += 1;
      steps.push(`drain:${outcome}`);
      return outcome;
    },
    lockFreed: async () => {
      steps.push('lock freed');
    },
    wait: async (ms: number) => {
      steps.push(`wait ${ms}`);
    },
  };
}

describe('the worker drains until the queue is sent', () => {
  it('drains once when the first send empties the queue', async () => {
    const w = worker(['drained']);
    await expect(drainUntilSent(w)).resolves.toBe('drained');
    expect(w.steps).toEqual(['drain:drained']);
  });

  it('waits and tries again when the network is not up yet', async () => {
    const w = worker(['waiting', 'waiting', 'drained']);
    await expect(drainUntilSent(w)).resolves.toBe('drained');
    expect(w.steps).toEqual([
      'drain:waiting',
      'wait 1000',
      'drain:waiting',
      'wait 2000',
      'drain:drained',
    ]);
  });

  it('waits for the lock when a closing page still holds it, then sends itself', async () => {
    const w = worker(['busy', 'drained']);
    await expect(drainUntilSent(w)).resolves.toBe('drained');
    expect(w.steps).toEqual(['drain:busy', 'lock freed', 'drain:drained']);
  });

  it('stops at a final refusal without retrying', async () => {
    const w = worker(['stopped']);
    await expect(drainUntilSent(w)).resolves.toBe('stopped');
    expect(w.steps).toEqual(['drain:stopped']);
  });

  it('rejects after its last try, so the browser keeps the sync and fires it again', async () => {
    const w = worker(['waiting']);
    await expect(drainUntilSent(w)).rejects.toThrow(/not sent yet \(waiting\)/);
    expect(w.steps.filter((step) => step.startsWith('drain'))).toHaveLength(
      WORKER_RETRY_DELAYS_MS.length + 1,
    );
    expect(w.steps.filter((step) => step.startsWith('wait'))).toEqual(
      WORKER_RETRY_DELAYS_MS.map((ms) => `wait ${ms}`),
    );
  });
});
