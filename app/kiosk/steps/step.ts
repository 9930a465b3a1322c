import type { BridgeRequester } from '../../devices/bridge-link';
import type {
  PlatformClient,
  PlatformFailure,
  PlatformResult,
} from '../../terminal/platform-client';
import type { ActingKind, KioskNotice, KioskScreen, Reservation, ScreenOf } from '../kiosk-screen';

/** What the card told the kiosk, before the PIN. */
export interface Card {
  certificate: string;
  defaultId: string;
}

/** The citizen's session at the platform, opened by their PIN; forgotten when they leave. */
export interface Session extends Card {
  sessionToken: string;
  myKeyId: string | null;
  reservation: Reservation | null;
}

/** The kiosk as a step sees it: the controller behind it keeps the state and the idle clock. */
export interface Kiosk {
  readonly bridge: BridgeRequester;
  readonly platform: PlatformClient;
  /** Shows a screen, with what just happened; the idle countdown starts again. */
  show(screen: KioskScreen, notice?: KioskNotice): void;
  /** The PIN opened a session: the kiosk keeps it until the citizen leaves. */
  opened(session: Session): void;
  /** The menu, read afresh from the platform; with the citizen's new IDs when they changed. */
  showMenu(notice?: KioskNotice, ids?: Pick<Session, 'myKeyId' | 'reservation'>): Promise<void>;
}

/** What the citizen holds out on a screen: their card on the PIN screen, their session after it. */
export type HolderOn<K extends ActingKind> = K extends 'pin' ? Card : Session;

/** What a step is given once the kiosk's one guard let it through (see KioskController.act). */
export interface At<K extends ActingKind> {
  kiosk: Kiosk;
  screen: ScreenOf<K>;
  holder: HolderOn<K>;
}

/** The screens reached through the session (everything after the PIN). */
export type SessionKind = Exclude<ActingKind, 'pin'>;

/**
 * Sends what the citizen pressed for. The screen is busy until the platform answers (its buttons
 * greyed, and the guard refuses a second press); a refusal puts back the screen as it was, or
 * `restore`, with the reason in words.
 */
export async function send<K extends SessionKind, T>(
  { kiosk, screen }: At<K>,
  call: () => Promise<PlatformResult<T>>,
  refused: {
    restore?: KioskScreen;
    text?: (code: PlatformFailure['code']) => KioskNotice['text'];
  } = {},
): Promise<T | undefined> {
  kiosk.show({ ...screen, busy: true });
  const answer = await call();
  if (answer.ok) return answer.value;
  kiosk.show(refused.restore ?? screen, {
    tone: 'error',
    text: refused.text?.(answer.code) ?? answer.code,
  });
  return undefined;
}

/** 【戻る】 from a screen of its own: the menu again, read afresh. */
export async function backToMenu({ kiosk }: { kiosk: Kiosk }): Promise<void> {
  await kiosk.showMenu();
}
