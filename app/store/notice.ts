import type { AnyErrorCode } from '../../core/errors';
import type { AnalyticsKey } from '../analytics/analytics-sentences';
import type { KioskKey } from '../kiosk/kiosk-sentences';
import type { PointsKey } from '../points/points-sentences';
import type { SharedKey } from '../sentences/messages';
import type { SetupKey } from '../setup/setup-sentences';

/** Any sentence's key: the shared ones and each feature's (a notice names one). */
export type UiKey = SharedKey | PointsKey | SetupKey | AnalyticsKey | KioskKey;

/** A sentence on screen: a UI key or an error code, with how it should look. */
export interface Notice {
  tone: 'ok' | 'info' | 'error';
  /** A sentence of app/sentences/messages.ts, or an error code (core/error-messages.ts has its sentence). */
  text: UiKey | AnyErrorCode;
  /** What fills the sentence's {placeholders} (a number of points, a date). */
  values?: Readonly<Record<string, string | number>>;
}

/** A card read that did not happen: an error, except when staff cancelled it themselves. */
export const readFailed = (code: AnyErrorCode): Notice => ({
  tone: code === 'CANCELLED' ? 'info' : 'error',
  text: code,
});
