import type { Language } from '../../../core/error-messages';
import { MY_KEY_ID_RULES, normaliseMyKeyIdInput } from '../../../core/mykey-id';
import { ui, uiMarked } from '../../sentences/messages';
import { Ruby } from '../Ruby';
import { IdKeys } from './IdKeys';

/**
 * (2) マイキーIDを自分で設定する: the ID as typed (on the kiosk's own keys, or a keyboard where
 * there is one), shown as it will be stored, with how many of the 14 characters are there.
 * Landscape: the entry beside the keys; upright and on a phone, above them.
 */
export function CustomIdScreen({
  language,
  input,
  busy,
  onType,
  onReserve,
  onBack,
}: {
  language: Language;
  input: string;
  busy: boolean;
  onType: (text: string) => void;
  onReserve: () => void;
  onBack: () => void;
}) {
  const normalised = normaliseMyKeyIdInput(input);
  return (
    <form
      class="custom-screen"
      onSubmit={(event) => {
        event.preventDefault();
        onReserve();
      }}
    >
      <div class="custom-entry">
        <label>
          <Ruby marked={uiMarked('kioskToCustom', language)} />
          <input
            name="custom-id"
            value={input}
            autocomplete="off"
            autocapitalize="characters"
            onInput={(e) => onType(e.currentTarget.value)}
          />
        </label>
        <p class="preview" data-testid="custom-preview">
          {normalised}
        </p>
        <p class="custom-help" data-testid="custom-count">
          <strong>
            {normalised.length} / {MY_KEY_ID_RULES.length}
          </strong>{' '}
          {ui('kioskCustomHelp', language)}
        </p>
        <div class="custom-actions">
          <button type="submit" class="big primary" disabled={busy}>
            {ui('kioskReserve', language)}
          </button>
          <button type="button" onClick={onBack}>
            {ui('back', language)}
          </button>
        </div>
      </div>
      <IdKeys language={language} input={input} onInput={onType} />
    </form>
  );
}
