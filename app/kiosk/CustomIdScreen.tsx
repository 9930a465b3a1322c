import type { Language } from '../../core/error-messages';
import { MY_KEY_ID_RULES, normaliseMyKeyIdInput } from '../../core/mykey-id';
import { Ruby } from '../widgets/Ruby';
import { KeyEntry } from './KeyEntry';
import { ui, uiMarked } from './kiosk-sentences';

/**
 * (2) マイキーIDを自分で設定する: the ID as typed (on the kiosk's own keys, or a keyboard where
 * there is one), shown as it will be stored, with how many of the 14 characters are there.
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
    <KeyEntry
      language={language}
      label={<Ruby marked={uiMarked('kioskToCustom', language)} />}
      name="custom-id"
      typed={input}
      onType={onType}
      preview={normalised}
      previewTestId="custom-preview"
      help={
        <p class="custom-help" data-testid="custom-count">
          <strong>
            {normalised.length} / {MY_KEY_ID_RULES.length}
          </strong>{' '}
          {ui('kioskCustomHelp', language)}
        </p>
      }
      action={ui('kioskReserve', language)}
      busy={busy}
      onSubmit={onReserve}
      onBack={onBack}
    />
  );
}
