import type { HolderHoldings } from '../../core/api/holder-holdings';
import type { HolderPoints } from '../../core/api/holder-points';
import type { AnyErrorCode } from '../../core/errors';
import type { Notice } from '../store/store';

/** A custom My Key ID held for the citizen until 本登録 at the municipal window. */
export interface Reservation {
  myKeyId: string;
  expiresAt: string;
}

/** The citizen's menu once the PIN opened their session. */
export interface MenuScreen {
  kind: 'menu';
  defaultId: string;
  myKeyId: string | null;
  reservation: Reservation | null;
  links: Array<{ serviceCode: string; serviceName: string }>;
  /** The holder's points in each programme (balances, what expires soon, entries). */
  points: HolderPoints['programmes'];
  /** Converted points waiting for a municipality, the default one, and where they can go. */
  holdings: HolderHoldings | undefined;
  busy: boolean;
  /** The link the citizen pressed 【解除】 on, waiting for 【解除する】 or 【やめる】. */
  removing?: string;
  /** The municipality the citizen chose for their held points, waiting for 【移す】. */
  placing?: string;
}

/** What the kiosk shows; everything about the citizen lives here, in memory only. */
export type KioskScreen =
  | { kind: 'start' }
  | { kind: 'reading' }
  | { kind: 'pin'; triesLeft: number; busy: boolean; wrong: boolean }
  | { kind: 'locked' }
  | MenuScreen
  | { kind: 'custom'; defaultId: string; input: string; busy: boolean }
  | { kind: 'coupon'; input: string; busy: boolean }
  | {
      kind: 'partnerLink';
      serviceCode: string;
      partnerName: string;
      /** The customer number first, then the partner's 連携コード for it. */
      step: 'number' | 'code';
      customerId: string;
      code: string;
      busy: boolean;
    }
  | { kind: 'error'; code: AnyErrorCode };

/** The screens the citizen acts on; each is busy while what they pressed is on its way. */
export type ActingScreen = Extract<KioskScreen, { busy: boolean }>;
export type ActingKind = ActingScreen['kind'];
export type ScreenOf<K extends KioskScreen['kind']> = Extract<KioskScreen, { kind: K }>;

export type KioskNotice = Notice;

export interface KioskState {
  screen: KioskScreen;
  notice?: KioskNotice;
  /** Seconds until the kiosk clears itself, while the idle warning shows. */
  idleWarning?: number;
}
