import { POINTS_API } from '../../core/api/routes/points';
import type { ShopAnalytics } from '../../core/api/shop-analytics';
import { analyticsCsv } from '../../core/points/analytics-csv';
import type { PlatformResult } from '../terminal/platform-client';
import { terminal } from '../terminal/terminal-state';

/** How many weeks the 集計 screen asks for: a quarter, as the chart shows them. */
export const WEEKS_SHOWN = 12;

/** A programme's counted weeks, as this terminal may see them. */
export function loadAnalytics(programmeCode: string): Promise<PlatformResult<ShopAnalytics>> {
  return terminal().platform.call(POINTS_API.analytics, { programmeCode, weeks: WEEKS_SHOWN });
}

/** The association's CSV, saved by the browser as a file (made here: no second request). */
export function saveAnalyticsCsv(analytics: ShopAnalytics): void {
  const last = analytics.weeks.at(-1)?.weekStart ?? 'none';
  const url = URL.createObjectURL(
    new Blob([analyticsCsv(analytics)], { type: 'text/csv;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = `集計_${analytics.programmeCode}_${last}.csv`;
  link.click();
  // The click has handed the file to the browser; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
