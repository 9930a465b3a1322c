import type { Language } from '../../core/error-messages';
import { weeklyBars } from './weekly-bars';

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 28;
const TOP = 12;

/** "3/8": a week's Monday as the axis labels it. */
const shortDay = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;

/**
 * Customers per week as bars, drawn by the app (no outside service, nothing fetched): a suppressed
 * week is an outlined slot marked "—", never a zero. The table under it carries the same figures
 * for screen readers and exact reading.
 */
export function WeeklyChart({
  weeks,
  label,
}: {
  weeks: readonly { weekStart: string; value: number | null }[];
  label: string;
  language: Language;
}) {
  const { top, bars } = weeklyBars(weeks);
  const plot = { width: WIDTH - LEFT - 8, height: HEIGHT - TOP - BOTTOM };
  const slot = plot.width / Math.max(1, bars.length);
  const barWidth = Math.min(40, slot * 0.7);
  return (
    <svg
      class="weekly-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-testid="analytics-chart"
    >
      {[0, 0.5, 1].map((f) => {
        const y = TOP + plot.height * (1 - f);
        return (
          <g key={f}>
            <line x1={LEFT} x2={WIDTH - 8} y1={y} y2={y} class="grid" />
            <text x={LEFT - 6} y={y + 4} class="axis" text-anchor="end">
              {Math.round(top * f)}
            </text>
          </g>
        );
      })}
      {bars.map((bar, i) => {
        const x = LEFT + slot * i + (slot - barWidth) / 2;
        const h = plot.height * bar.height;
        return (
          <g key={bar.weekStart} data-week={bar.weekStart}>
            {bar.value === null ? (
              <>
                <rect x={x} y={TOP} width={barWidth} height={plot.height} class="hidden-bar" />
                <text
                  x={x + barWidth / 2}
                  y={TOP + plot.height / 2}
                  class="axis"
                  text-anchor="middle"
                >
                  —
                </text>
              </>
            ) : (
              <rect x={x} y={TOP + plot.height - h} width={barWidth} height={h} class="bar">
                <title>{`${shortDay(bar.weekStart)}: ${bar.value}`}</title>
              </rect>
            )}
            <text x={x + barWidth / 2} y={HEIGHT - 8} class="axis" text-anchor="middle">
              {shortDay(bar.weekStart)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
