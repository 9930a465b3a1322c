import { useEffect, useMemo, useState } from 'preact/hooks';
import { sentenceFor, type UiKey, ui, uiMarked } from '../sentences/messages';
import { markReadings } from '../sentences/reading-marks';
import { listenForCards } from '../shell/start';
import type { ReceptionState } from '../shell/store';
import { bridgeRequest, terminalPlatform } from '../terminal/terminal-state';
import { LanguageSwitch } from '../widgets/LanguageSwitch';
import { NoticeLine } from '../widgets/NoticeLine';
import { PinPad } from '../widgets/PinPad';
import { Ruby } from '../widgets/Ruby';
import { SimulatedCards } from '../widgets/SimulatedCards';
import { CouponScreen } from './CouponScreen';
import { CustomIdScreen } from './CustomIdScreen';
import { HolderPointsList } from './HolderPointsList';
import { HoldingsPanel } from './HoldingsPanel';
import { idleSecondsFrom } from './idle-setting';
import { KioskController } from './kiosk-controller';
import type { KioskState } from './kiosk-screen';
// The kiosk's and the window's sentences come with these modes, not with the counter's first load.
import { KIOSK_READINGS } from './kiosk-sentences';
import { PartnerLinkScreen } from './PartnerLinkScreen';

/** How long a kiosk waits for a touch before it warns and clears itself (?idle=seconds). */
const idleSeconds = idleSecondsFrom(location.search);

/** Why the kiosk cannot take a card yet, most basic first. */
function notReadyReason(reception: ReceptionState): UiKey {
  if (reception.storage === 'failed') return 'storageFailed';
  if (reception.storage === 'slow') return 'storageSlow';
  if (reception.storage === 'opening') return 'kioskStarting';
  if (reception.terminalId === undefined) return 'kioskNotReady';
  if (reception.bridgePermission === 'denied') return 'kioskBridgeBlocked';
  return 'kioskNoReader';
}

/** The citizen's kiosk (マイキーID登録画面): large type, touch only, clears itself. */
export function KioskApp({ reception }: { reception: ReceptionState }) {
  const [state, setState] = useState<KioskState>({ screen: { kind: 'start' } });
  const controller = useMemo(
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
    listenForCards(
      (present) => void (present ? controller.cardPlaced() : controller.cardRemoved()),
    );
    const touch = () => controller.touch();
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
    };
  }, [controller]);
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
          <button type="button" class="finish" onClick={() => void controller.reset()}>
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
          notice={state.notice}
          language={language}
          testId="kiosk-notice"
          readings={KIOSK_READINGS}
        />
        {screen.kind === 'start' && (
          <>
            <p class="prompt">{ui('kioskPlaceCard', language)}</p>
            <SimulatedCards state={reception} language={language} kinds={['mynumber']} />
          </>
        )}
        {screen.kind === 'reading' && <p class="prompt">{ui('kioskReading', language)}</p>}
        {screen.kind === 'pin' && (
          <div class="pin-screen">
            <div class="pin-instructions">
              <p class="prompt">
                <Ruby marked={uiMarked('kioskPin', language)} />
              </p>
              {screen.wrong && (
                <p class="notice error" role="alert" data-testid="pin-wrong">
                  <Ruby marked={uiMarked('kioskPinWrong', language)} />
                </p>
              )}
              <p class="tries-left" data-testid="tries-left">
                {ui('kioskTriesLeft', language)}: <strong>{screen.triesLeft}</strong>
              </p>
              {screen.triesLeft === 1 && (
                <p class="notice error" data-testid="last-try">
                  <Ruby marked={uiMarked('kioskLastTry', language)} />
                </p>
              )}
            </div>
            <PinPad
              language={language}
              busy={screen.busy}
              onSubmit={(pin) => void controller.submitPin(pin)}
            />
          </div>
        )}
        {screen.kind === 'locked' && (
          <p class="notice error">
            <Ruby marked={uiMarked('kioskLocked', language)} />
          </p>
        )}
        {screen.kind === 'menu' && (
          <>
            {screen.myKeyId !== null ? (
              <div class="your-id">
                <span>{ui('kioskYourId', language)}</span>
                <output class="big-id" data-testid="kiosk-mykey-id">
                  {screen.myKeyId}
                </output>
              </div>
            ) : screen.reservation === null ? (
              <div class="option">
                <p>{ui('kioskDefaultIntro', language)}</p>
                <output class="big-id" data-testid="kiosk-default-id">
                  {screen.defaultId}
                </output>
                <button
                  type="button"
                  class="big primary"
                  disabled={screen.busy}
                  onClick={() => void controller.registerDefault()}
                >
                  {ui('register', language)}
                </button>
              </div>
            ) : null}
            {screen.reservation !== null && (
              <div class="option">
                <p>
                  {ui('kioskReservation', language)}:{' '}
                  <output data-testid="kiosk-reservation">{screen.reservation.myKeyId}</output>
                </p>
                <p>
                  <Ruby marked={uiMarked('kioskReservationHow', language)} />
                </p>
              </div>
            )}
            {screen.myKeyId === null && screen.reservation === null && (
              <button type="button" class="big" onClick={() => controller.openCustom()}>
                <Ruby marked={uiMarked('kioskToCustom', language)} />
              </button>
            )}
            <h2>
              <Ruby marked={uiMarked('kioskLinks', language)} />
            </h2>
            {screen.links.length === 0 ? (
              <p>{ui('kioskNoLinks', language)}</p>
            ) : (
              <ul class="links" data-testid="kiosk-links">
                {screen.links.map((link) =>
                  screen.removing === link.serviceCode ? (
                    <li key={link.serviceCode} class="confirm" role="alert">
                      <span>
                        {ui('kioskUnlinkAsk', language).replace('{service}', link.serviceName)}
                      </span>
                      <button
                        type="button"
                        class="primary"
                        disabled={screen.busy}
                        onClick={() => void controller.removeLink()}
                      >
                        {ui('kioskUnlinkConfirm', language)}
                      </button>
                      <button
                        type="button"
                        disabled={screen.busy}
                        onClick={() => controller.keepLink()}
                      >
                        {ui('kioskUnlinkKeep', language)}
                      </button>
                    </li>
                  ) : (
                    <li key={link.serviceCode}>
                      <span>{link.serviceName}</span>
                      <button
                        type="button"
                        disabled={screen.busy}
                        onClick={() => controller.askToRemoveLink(link.serviceCode)}
                      >
                        {ui('kioskUnlink', language)}
                      </button>
                    </li>
                  ),
                )}
              </ul>
            )}
            <HolderPointsList points={screen.points} language={language} />
            {screen.holdings !== undefined && screen.holdings.municipalities.length > 0 && (
              <HoldingsPanel
                holdings={screen.holdings}
                language={language}
                busy={screen.busy}
                placing={screen.placing}
                onAskPlace={(code) => controller.askToPlace(code)}
                onPlace={() => void controller.place()}
                onKeep={() => controller.keepHoldings()}
                onDefault={(code) => void controller.chooseDefault(code)}
                onCoupon={() => controller.openCoupon()}
                onLinkPartner={(code) => controller.openPartnerLink(code)}
              />
            )}
          </>
        )}
        {screen.kind === 'partnerLink' && (
          <PartnerLinkScreen
            language={language}
            partnerName={screen.partnerName}
            step={screen.step}
            customerId={screen.customerId}
            code={screen.code}
            busy={screen.busy}
            onType={(text) => controller.typePartnerLink(text)}
            onStep={(step) => controller.partnerLinkStep(step)}
            onLink={() => void controller.linkPartner()}
            onBack={() => controller.backFromPartnerLink()}
          />
        )}
        {screen.kind === 'coupon' && (
          <CouponScreen
            language={language}
            input={screen.input}
            busy={screen.busy}
            onType={(text) => controller.typeCoupon(text)}
            onRedeem={() => void controller.redeemCoupon()}
            onBack={() => controller.backFromCoupon()}
          />
        )}
        {screen.kind === 'custom' && (
          <CustomIdScreen
            language={language}
            input={screen.input}
            busy={screen.busy}
            onType={(text) => controller.typeCustom(text)}
            onReserve={() => void controller.reserveCustom()}
            onBack={() => controller.backToMenu()}
          />
        )}
        {screen.kind === 'error' && (
          <p class="notice error">
            <Ruby marked={markReadings(sentenceFor(screen.code, language), KIOSK_READINGS)} />
          </p>
        )}
      </main>
      {state.idleWarning !== undefined && (
        <div class="idle-warning" role="alertdialog" data-testid="idle-warning">
          <p>
            {ui('kioskIdle', language)} {state.idleWarning}
          </p>
          <button type="button" class="big primary" onClick={() => controller.touch()}>
            {ui('kioskContinue', language)}
          </button>
        </div>
      )}
    </div>
  );
}
