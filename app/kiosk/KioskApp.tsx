import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Language } from '../../core/error-messages';
import { listenForCards } from '../shell/start';
import type { ReceptionState } from '../store/store';
import { bridgeRequest, terminalPlatform } from '../terminal/terminal-state';
import { LanguageSwitch } from '../widgets/LanguageSwitch';
import { NoticeLine } from '../widgets/NoticeLine';
import { CouponScreen } from './CouponScreen';
import { CustomIdScreen } from './CustomIdScreen';
import { idleSecondsFrom } from './idle-setting';
import { KioskController } from './kiosk-controller';
import type { KioskScreen, KioskState } from './kiosk-screen';
// The kiosk's sentences come with this mode, not with the counter's first load.
import { KIOSK_READINGS, type KioskKey, sentences, ui } from './kiosk-sentences';
import { MenuScreen } from './MenuScreen';
import { PartnerLinkScreen } from './PartnerLinkScreen';
import { PinScreen } from './PinScreen';
import { ErrorScreen, LockedScreen, ReadingScreen, StartScreen } from './SentenceScreens';

/** How long a kiosk waits for a touch before it warns and clears itself (?idle=seconds). */
const idleSeconds = idleSecondsFrom(location.search);

/** Why the kiosk cannot take a card yet, most basic first. */
function notReadyReason(reception: ReceptionState): KioskKey {
  if (reception.storage === 'failed') return 'storageFailed';
  if (reception.storage === 'slow') return 'storageSlow';
  if (reception.storage === 'opening') return 'kioskStarting';
  if (reception.terminalId === undefined) return 'kioskNotReady';
  if (reception.bridgePermission === 'denied') return 'kioskBridgeBlocked';
  return 'kioskNoReader';
}

/** The screen showing, and what the citizen's presses on it ask of the kiosk. */
function Screen({
  screen,
  reception,
  kiosk,
}: {
  screen: KioskScreen;
  reception: ReceptionState;
  kiosk: KioskController;
}) {
  const { language } = reception;
  switch (screen.kind) {
    case 'start':
      return <StartScreen reception={reception} />;
    case 'reading':
      return <ReadingScreen language={language} />;
    case 'pin':
      return <PinScreen screen={screen} language={language} kiosk={kiosk} />;
    case 'locked':
      return <LockedScreen language={language} />;
    case 'menu':
      return <MenuScreen menu={screen} language={language} kiosk={kiosk} />;
    case 'partnerLink':
      return (
        <PartnerLinkScreen
          language={language}
          partnerName={screen.partnerName}
          step={screen.step}
          customerId={screen.customerId}
          code={screen.code}
          busy={screen.busy}
          onType={(text) => kiosk.typePartnerLink(text)}
          onStep={(step) => kiosk.partnerLinkStep(step)}
          onLink={() => void kiosk.linkPartner()}
          onBack={() => kiosk.backFromPartnerLink()}
        />
      );
    case 'coupon':
      return (
        <CouponScreen
          language={language}
          input={screen.input}
          busy={screen.busy}
          onType={(text) => kiosk.typeCoupon(text)}
          onRedeem={() => void kiosk.redeemCoupon()}
          onBack={() => kiosk.backFromCoupon()}
        />
      );
    case 'custom':
      return (
        <CustomIdScreen
          language={language}
          input={screen.input}
          busy={screen.busy}
          onType={(text) => kiosk.typeCustom(text)}
          onReserve={() => void kiosk.reserveCustom()}
          onBack={() => kiosk.backToMenu()}
        />
      );
    case 'error':
      return <ErrorScreen code={screen.code} language={language} />;
  }
}

function IdleWarning({
  seconds,
  language,
  kiosk,
}: {
  seconds: number;
  language: Language;
  kiosk: KioskController;
}) {
  return (
    <div class="idle-warning" role="alertdialog" data-testid="idle-warning">
      <p>
        {ui('kioskIdle', language)} {seconds}
      </p>
      <button type="button" class="big primary" onClick={() => kiosk.touch()}>
        {ui('kioskContinue', language)}
      </button>
    </div>
  );
}

/** The kiosk's session, started once, with its cards and the citizen's touches fed to it. */
function useKiosk(): { kiosk: KioskController; state: KioskState } {
  const [state, setState] = useState<KioskState>({ screen: { kind: 'start' } });
  const kiosk = useMemo(
    () =>
      new KioskController({
        bridge: bridgeRequest,
        platform: terminalPlatform,
        onState: setState,
        idleSeconds,
      }),
    [],
  );
  useEffect(() => {
    listenForCards((present) => void (present ? kiosk.cardPlaced() : kiosk.cardRemoved()));
    const touch = () => kiosk.touch();
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [kiosk]);
  return { kiosk, state };
}

/** The citizen's kiosk (マイキーID登録画面): large type, touch only, clears itself. */
export function KioskApp({ reception }: { reception: ReceptionState }) {
  const { kiosk, state } = useKiosk();
  const { language } = reception;
  const screen = state.screen;
  const ready = reception.terminalId !== undefined && reception.bridge.kind === 'ready';

  return (
    <div
      class="kiosk"
      lang={language}
      data-ready={ready ? 'true' : 'false'}
      data-bridge={reception.bridge.kind}
      data-terminal={reception.terminalId === undefined ? 'none' : 'set'}
    >
      <header class="top">
        <h1>{ui('kioskTitle', language)}</h1>
        <LanguageSwitch language={language} />
        {/* Always in the same corner, so a citizen can leave from any screen without looking. */}
        {screen.kind !== 'start' && (
          <button type="button" class="finish" onClick={() => void kiosk.reset()}>
            {ui('kioskFinish', language)}
          </button>
        )}
      </header>
      <main data-testid={`kiosk-${screen.kind}`}>
        {!ready && (
          <p class="notice error" data-testid="kiosk-not-ready">
            {ui(notReadyReason(reception), language)}
          </p>
        )}
        {/* What just happened comes first, beside what it is about (the registered ID). */}
        <NoticeLine
          book={sentences}
          notice={state.notice}
          language={language}
          testId="kiosk-notice"
          readings={KIOSK_READINGS}
        />
        <Screen screen={screen} reception={reception} kiosk={kiosk} />
      </main>
      {state.idleWarning !== undefined && (
        <IdleWarning seconds={state.idleWarning} language={language} kiosk={kiosk} />
      )}
    </div>
  );
}
