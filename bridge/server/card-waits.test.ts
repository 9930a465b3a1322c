import { describe, expect, it } from 'vitest';
import { MAX_WAITS_PER_CONNECTION } from '../../core/bridge/protocol';
import {
  cancelWaits,
  endWaits,
  holdWait,
  MAX_WAITS_TOTAL,
  releaseWait,
  type Wait,
  type WaitsHeld,
} from './card-waits';

describe('the places card requests hold', () => {
  it(`one connection holds at most ${MAX_WAITS_PER_CONNECTION}; a place given back is taken again`, () => {
    const waiting = new Set<Wait>();
    const all: WaitsHeld = { held: 0 };
    const held = Array.from({ length: MAX_WAITS_PER_CONNECTION }, (_, i) =>
      holdWait(waiting, all, `read-${i}`),
    );
    expect(held.every((wait) => wait !== undefined)).toBe(true);
    expect(holdWait(waiting, all, 'one-more')).toBeUndefined();
    releaseWait(waiting, all, held[0] as Wait);
    expect(holdWait(waiting, all, 'one-more')).toBeDefined();
    expect(all.held).toBe(MAX_WAITS_PER_CONNECTION);
  });

  it(`the bridge holds at most ${MAX_WAITS_TOTAL} across connections`, () => {
    const all: WaitsHeld = { held: MAX_WAITS_TOTAL - 1 };
    expect(holdWait(new Set(), all, 'last')).toBeDefined();
    expect(holdWait(new Set(), all, 'over')).toBeUndefined();
    expect(all.held).toBe(MAX_WAITS_TOTAL);
  });

  it('a place given back twice (answered, then the page closed) is counted back once', () => {
    const waiting = new Set<Wait>();
    const all: WaitsHeld = { held: 0 };
    const wait = holdWait(waiting, all, 'read') as Wait;
    releaseWait(waiting, all, wait);
    releaseWait(waiting, all, wait);
    expect(all.held).toBe(0);
  });

  it('a cancel ends every wait with its id and no other, and says whether there was one', () => {
    const waiting = new Set<Wait>();
    const all: WaitsHeld = { held: 0 };
    const [a, b, c] = ['same', 'same', 'other'].map((id) => holdWait(waiting, all, id) as Wait);
    expect(cancelWaits(waiting, 'same')).toBe(true);
    expect([a, b, c].map((wait) => wait?.controller.signal.aborted)).toEqual([true, true, false]);
    expect(cancelWaits(waiting, 'nobody')).toBe(false);
  });

  it('ending them all gives each the reason', () => {
    const waiting = new Set<Wait>();
    const wait = holdWait(waiting, { held: 0 }, 'read') as Wait;
    const reason = new Error('the pairing went');
    endWaits(waiting, reason);
    expect(wait.controller.signal.reason).toBe(reason);
  });
});
