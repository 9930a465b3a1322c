import { useState } from 'preact/hooks';
import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import './pinpad.css';

/** Four digits by touch; each press of 【確認】 is one attempt, and the digits are then forgotten. */
export function PinPad({
  language,
  onSubmit,
  busy,
}: {
  language: Language;
  onSubmit: (pin: string) => void;
  busy: boolean;
}) {
  const [pin, setPin] = useState('');
  const press = (digit: string) => setPin((p) => (p.length < 4 ? p + digit : p));
  return (
    <div class="pinpad">
      <output class="pin-dots" aria-label="PIN" data-testid="pin-dots">
        {'●'.repeat(pin.length)}
        {'○'.repeat(4 - pin.length)}
      </output>
      <div class="keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((d) => (
          <button type="button" key={d} class="key" disabled={busy} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" class="key" disabled={busy} onClick={() => setPin('')}>
          {ui('clear', language)}
        </button>
        <button
          type="button"
          class="key primary"
          disabled={busy}
          onClick={() => {
            // One attempt per press; the PIN leaves this screen for the card and is forgotten.
            onSubmit(pin);
            setPin('');
          }}
        >
          {ui('confirm', language)}
        </button>
      </div>
    </div>
  );
}
