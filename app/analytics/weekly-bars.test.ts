import { describe, expect, it } from 'vitest';
import { scaleTop, weeklyBars } from './weekly-bars';

describe('the weekly chart', () => {
  it('tops its scale at a round number at or above the busiest week', () => {
    expect([0, 7, 10, 11, 20, 21, 49, 50, 51, 999, 1001].map(scaleTop)).toEqual([
      10, 10, 10, 20, 20, 50, 50, 50, 100, 1000, 2000,
    ]);
  });

  it('draws each week against that top, and a suppressed week as no bar', () => {
    const { top, bars } = weeklyBars([
      { weekStart: '2027-03-01', value: 40 },
      { weekStart: '2027-03-08', value: null },
      { weekStart: '2027-03-15', value: 25 },
    ]);
    expect(top).toBe(50);
    expect(bars.map((b) => b.height)).toEqual([0.8, 0, 0.5]);
    expect(bars[1]?.value).toBeNull();
  });
});
