/**
 * The bars of the weekly chart, as numbers to draw: one per week, its height against the tallest
 * week (on a scale of round steps), or none when the week's figure is suppressed. Kept apart from
 * the drawing so it can be tested without a browser.
 */
export interface Bar {
  weekStart: string;
  value: number | null;
  /** 0–1 of the chart's height; 0 for a suppressed week (drawn as an outline, with "—"). */
  height: number;
}

/** A round top for the scale: 1, 2 or 5 times a power of ten, at least 10. */
export function scaleTop(largest: number): number {
  let step = 10;
  for (;;) {
    for (const m of [1, 2, 5]) if (largest <= step * m) return step * m;
    step *= 10;
  }
}

export function weeklyBars(weeks: readonly { weekStart: string; value: number | null }[]): {
  top: number;
  bars: Bar[];
} {
  const top = scaleTop(Math.max(0, ...weeks.map((w) => w.value ?? 0)));
  return {
    top,
    bars: weeks.map((w) => ({ ...w, height: w.value === null ? 0 : w.value / top })),
  };
}
