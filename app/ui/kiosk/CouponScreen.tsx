import type { Language } from '../../../core/error-messages';
import { COUPON_ALPHABET, COUPON_CODE_LENGTH } from '../../../core/points/coupon-code';
import { ui, uiMarked } from '../../sentences/messages';
import { Ruby } from '../Ruby';
import { IdKeys } from './IdKeys';

/** What the citizen typed, as the code is written: upper case, no spaces or hyphens. */
const plain = (typed: string) => typed.toUpperCase().replace(/[^0-9A-Z]/g, '');

/** Shown in the code's groups of four, as the partner printed it: 7K3M-Q9XD-2F8R-HW5T-C. */
const grouped = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? '';

/** クーポンコード: typed on the kiosk's own keys (the code's 32 characters), or a keyboard. */
export function CouponScreen({
  language,
  input,
  busy,
  onType,
  onRedeem,
  onBack,
}: {
  language: Language;
  input: string;
  busy: boolean;
  onType: (text: string) => void;
  onRedeem: () => void;
  onBack: () => void;
}) {
  const code = plain(input);
  return (
    <form
      class="custom-screen"
      onSubmit={(event) => {
        event.preventDefault();
        onRedeem();
      }}
    >
      <div class="custom-entry">
        <label>
          <Ruby marked={uiMarked('kioskCouponPrompt', language)} />
          <input
            name="coupon-code"
            value={input}
            autocomplete="off"
            autocapitalize="characters"
            onInput={(e) => onType(e.currentTarget.value)}
          />
        </label>
        <p class="preview" data-testid="coupon-preview">
          {grouped(code)}
        </p>
        <p class="custom-help">
          <strong data-testid="coupon-count">
            {code.length} / {COUPON_CODE_LENGTH}
          </strong>
        </p>
        <div class="custom-actions">
          <button type="submit" class="big primary" disabled={busy}>
            <Ruby marked={uiMarked('kioskCouponRedeem', language)} />
          </button>
          <button type="button" onClick={onBack}>
            {ui('back', language)}
          </button>
        </div>
      </div>
      <IdKeys
        language={language}
        input={code}
        onInput={onType}
        keys={COUPON_ALPHABET}
        max={COUPON_CODE_LENGTH}
        normalise={plain}
      />
    </form>
  );
}
