import type { Language } from '../../core/error-messages';
import { PinPad } from '../widgets/PinPad';
import { Ruby } from '../widgets/Ruby';
import type { KioskController } from './kiosk-controller';
import type { ScreenOf } from './kiosk-screen';
import { ui, uiMarked } from './kiosk-sentences';

/** The PIN, with the tries left shown first (a third wrong PIN locks the card). */
export function PinScreen({
  screen,
  language,
  kiosk,
}: {
  screen: ScreenOf<'pin'>;
  language: Language;
  kiosk: KioskController;
}) {
  return (
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
        onSubmit={(pin) => void kiosk.submitPin(pin)}
      />
    </div>
  );
}
