import type { Language } from '../../core/error-messages';
import { MY_KEY_ID_RULES, normaliseMyKeyIdInput } from '../../core/mykey-id';
import { ui } from './kiosk-sentences';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * The kiosk's own keys, as it has no keyboard: by default the 36 characters a My Key ID may hold,
 * stopping at its 14 (a citizen cannot type past the end); a coupon code gives its own characters
 * and length. One character back, and clear.
 */
export function IdKeys({
  language,
  input,
  onInput,
  keys = DIGITS + LETTERS,
  max = MY_KEY_ID_RULES.length,
  normalise = normaliseMyKeyIdInput,
}: {
  language: Language;
  input: string;
  onInput: (text: string) => void;
  keys?: string;
  max?: number;
  normalise?: (typed: string) => string;
}) {
  const normalised = normalise(input);
  const full = normalised.length >= max;
  return (
    <fieldset class="id-keys" aria-label={ui('kioskIdKeys', language)}>
      {[...keys].map((key) => (
        <button
          type="button"
          key={key}
          class="key"
          disabled={full}
          onClick={() => onInput(normalised + key)}
        >
          {key}
        </button>
      ))}
      <button
        type="button"
        class="key wide"
        disabled={normalised === ''}
        onClick={() => onInput(normalised.slice(0, -1))}
      >
        {ui('kioskBackspace', language)}
      </button>
      <button
        type="button"
        class="key wide"
        disabled={normalised === ''}
        onClick={() => onInput('')}
      >
        {ui('clear', language)}
      </button>
    </fieldset>
  );
}
