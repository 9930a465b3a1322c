import type { Language } from '../../../core/error-messages';
import { MY_KEY_ID_RULES, normaliseMyKeyIdInput } from '../../../core/mykey-id';
import { ui } from '../../sentences/messages';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * The custom ID's own keys: a kiosk has no keyboard. The 36 characters a My Key ID may hold, one
 * character back, and clear; the keys stop at 14 characters, so a citizen cannot type past the end.
 */
export function IdKeys({
  language,
  input,
  onInput,
}: {
  language: Language;
  input: string;
  onInput: (text: string) => void;
}) {
  const normalised = normaliseMyKeyIdInput(input);
  const full = normalised.length >= MY_KEY_ID_RULES.length;
  return (
    <fieldset class="id-keys" aria-label={ui('kioskIdKeys', language)}>
      {[...DIGITS, ...LETTERS].map((key) => (
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
