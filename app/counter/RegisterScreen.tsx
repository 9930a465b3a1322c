import { useEffect, useRef, useState } from 'preact/hooks';
import { cameraBarcodeSource } from '../devices/camera-barcode';
import { typedCardSource } from '../devices/card-source';
import { webNfcCardSource } from '../devices/webnfc-source';
import { WedgeDetector } from '../devices/wedge-detector';
import { ui } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';
import { HolderPinPanel } from '../widgets/HolderPinPanel';
import { NoticeLine } from '../widgets/NoticeLine';
import { SimulatedCards } from '../widgets/SimulatedCards';
import { CancelRead } from './CancelRead';
import { OtherSources, type OtherWay } from './OtherSources';
import {
  readMyNumberCard,
  readServiceCard,
  registerNow,
  startOver,
  submitLinkPin,
} from './registration';

const selectPart = (s: ReceptionState) => ({
  language: s.language,
  registration: s.registration,
  serviceCode: s.serviceCode,
  services: s.services,
  bridge: s.bridge,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

/** サービスID登録: 【読取】 the My Number card, 【読取】 the service card, 【登録】. */
export function RegisterScreen() {
  const state: Shown = useReception(selectPart);
  const { language, registration: r } = state;
  const [typed, setTyped] = useState('');
  // The camera and typed entry take room only when staff choose them.
  const [other, setOther] = useState<OtherWay | undefined>();
  const video = useRef<HTMLVideoElement>(null);
  // A new step (or the next customer) starts without the previous choice.
  useEffect(() => {
    if (r.step !== 2) setOther(undefined);
  }, [r.step]);
  const showCamera = r.step === 2 && other === 'camera';
  // A keyboard-wedge scanner types the code anywhere on the page during step 2.
  useEffect(() => {
    if (r.step !== 2) return;
    const detector = new WedgeDetector();
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement | null)?.closest('input, select, textarea')) return;
      const code = detector.feed(event.key, event.timeStamp);
      if (code !== undefined) void readServiceCard(typedCardSource(code, 'wedge'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [r.step]);
  if (state.serviceCode === undefined)
    return <p class="notice error">{ui('noService', language)}</p>;
  const service = state.services.find((s) => s.code === state.serviceCode);
  return (
    <section class="register" aria-labelledby="register-title">
      <h2 id="register-title">
        {ui('tabRegister', language)}: {service?.name ?? state.serviceCode}
      </h2>
      <ol class="steps">
        <li class={r.step === 1 ? 'step current' : 'step'}>
          <div class="step-head">
            <span>{ui('step1', language)}</span>
            <output data-testid="mykey-id">{r.myKeyId ?? ''}</output>
            {r.proof !== undefined && (
              <span class="badge ok" data-testid="pin-checked">
                {ui('linkPinChecked', language)}
              </span>
            )}
          </div>
          <button
            type="button"
            class="big"
            disabled={r.busy || r.step !== 1 || r.pin !== undefined}
            onClick={() => void readMyNumberCard()}
          >
            {ui('read', language)}
          </button>
          {r.step === 1 && r.pin !== undefined && (
            <HolderPinPanel
              triesLeft={r.pin.triesLeft}
              busy={r.busy}
              language={language}
              onSubmit={(typed) => void submitLinkPin(typed)}
            />
          )}
        </li>
        <li class={r.step === 2 ? 'step current' : 'step'}>
          <div class="step-head">
            <span>{ui('step2', language)}</span>
            <output data-testid="service-id">{r.serviceId ?? ''}</output>
          </div>
          <button
            type="button"
            class="big"
            disabled={r.busy || r.step !== 2}
            onClick={() => void readServiceCard()}
          >
            {ui('read', language)}
          </button>
          {r.step === 2 && (
            <OtherSources
              language={language}
              busy={r.busy}
              chosen={other}
              onChoose={(way) => {
                setOther(way);
                if (way === 'camera' && video.current)
                  void readServiceCard(cameraBarcodeSource(video.current));
                if (way === 'nfc') void readServiceCard(webNfcCardSource());
              }}
            />
          )}
          {/* Kept in the page (hidden) so the camera has its element the moment it is chosen. */}
          <video ref={video} class="camera" muted playsInline hidden={!showCamera} />
          {r.step === 2 && other === 'typed' && (
            <form
              class="typed"
              onSubmit={(event) => {
                event.preventDefault();
                void readServiceCard(typedCardSource(typed));
              }}
            >
              <label>
                {ui('typeServiceId', language)}
                <input
                  value={typed}
                  onInput={(e) => setTyped(e.currentTarget.value)}
                  autocomplete="off"
                />
              </label>
              <button type="submit">{ui('useTyped', language)}</button>
            </form>
          )}
        </li>
        <li class={r.step === 3 ? 'step current' : 'step'}>
          <div class="step-head">
            <span>{ui('step3', language)}</span>
          </div>
          <button
            type="button"
            class="big primary"
            disabled={r.busy || r.step !== 3}
            onClick={() => void registerNow()}
          >
            {ui('register', language)}
          </button>
        </li>
      </ol>
      <NoticeLine notice={r.notice} language={language} />
      <CancelRead busy={r.busy && r.pin === undefined} language={language} />
      <div class="screen-tools">
        <button type="button" class="secondary" onClick={startOver}>
          {ui('again', language)}
        </button>
        <SimulatedCards state={state} language={language} />
      </div>
    </section>
  );
}
