import type { ComponentChildren } from 'preact';
import type { Language } from '../../core/error-messages';
import { IdKeys } from './IdKeys';
import { ui } from './kiosk-sentences';

/**
 * Something typed at the kiosk, which has no keyboard: the entry with what it will be read as, the
 * action and 【戻る】 beside the kiosk's own keys (or a keyboard, where there is one). Landscape: the
 * entry beside the keys; upright and on a phone, above them. A custom My Key ID, a coupon code, a
 * partner's customer number and its link code are all typed here.
 */
export function KeyEntry({
  language,
  label,
  name,
  typed,
  onType,
  preview,
  previewTestId,
  help,
  action,
  busy,
  onSubmit,
  onBack,
  keys,
  max,
  normalise,
}: {
  language: Language;
  label: ComponentChildren;
  name: string;
  typed: string;
  onType: (text: string) => void;
  preview: string;
  previewTestId: string;
  help?: ComponentChildren;
  action: ComponentChildren;
  busy: boolean;
  onSubmit: () => void;
  onBack: () => void;
  keys?: string;
  max?: number;
  normalise?: (typed: string) => string;
}) {
  return (
    <form
      class="custom-screen"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <div class="custom-entry">
        <label>
          {label}
          <input
            name={name}
            value={typed}
            autocomplete="off"
            autocapitalize="characters"
            onInput={(e) => onType(e.currentTarget.value)}
          />
        </label>
        <p class="preview" data-testid={previewTestId}>
          {preview}
        </p>
        {help}
        <div class="custom-actions">
          <button type="submit" class="big primary" disabled={busy}>
            {action}
          </button>
          <button type="button" onClick={onBack}>
            {ui('back', language)}
          </button>
        </div>
      </div>
      <IdKeys
        language={language}
        input={normalise === undefined ? typed : normalise(typed)}
        onInput={onType}
        {...(keys === undefined ? {} : { keys })}
        {...(max === undefined ? {} : { max })}
        {...(normalise === undefined ? {} : { normalise })}
      />
    </form>
  );
}
