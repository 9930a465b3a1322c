import type { Language } from '../../core/error-messages';
import type { AnyErrorCode } from '../../core/errors';
import { sentenceFor } from '../sentences/messages';
import { markReadings } from '../sentences/reading-marks';
import type { ReceptionState } from '../store/store';
import { Ruby } from '../widgets/Ruby';
import { SimulatedCards } from '../widgets/SimulatedCards';
// The kiosk's sentences come with this mode, not with the counter's first load.
import { KIOSK_READINGS, ui, uiMarked } from './kiosk-sentences';

/** The screens that are one sentence: what the citizen does next, or why they cannot. */
export function StartScreen({ reception }: { reception: ReceptionState }) {
  const { language } = reception;
  return (
    <>
      <p class="prompt">{ui('kioskPlaceCard', language)}</p>
      <SimulatedCards state={reception} language={language} kinds={['mynumber']} />
    </>
  );
}

export function ReadingScreen({ language }: { language: Language }) {
  return <p class="prompt">{ui('kioskReading', language)}</p>;
}

export function LockedScreen({ language }: { language: Language }) {
  return (
    <p class="notice error">
      <Ruby marked={uiMarked('kioskLocked', language)} />
    </p>
  );
}

export function ErrorScreen({ code, language }: { code: AnyErrorCode; language: Language }) {
  return (
    <p class="notice error">
      <Ruby marked={markReadings(sentenceFor(code, language), KIOSK_READINGS)} />
    </p>
  );
}
