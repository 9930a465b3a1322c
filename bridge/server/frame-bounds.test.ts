import { describe, expect, it } from 'vitest';
import { MAX_FRAMES_PER_SECOND, noFramesYet, withinRate } from './frame-bounds';

describe('the frames one connection may send in a second', () => {
  it(`counts ${MAX_FRAMES_PER_SECOND} in one second, refuses the next, and starts again the next second`, () => {
    const count = noFramesYet();
    const second = 1_764_000_000_000;
    for (let i = 0; i < MAX_FRAMES_PER_SECOND; i += 1)
      expect(withinRate(count, second + (i % 1000))).toBe(true);
    expect(withinRate(count, second + 999)).toBe(false);
    expect(withinRate(count, second + 1_000)).toBe(true);
    expect(count.frames).toBe(1);
  });
});
