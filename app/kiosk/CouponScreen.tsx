import type { Language } from '../../core/error-messages';
import {
  COUPON_ALPHABET,
  COUPON_CODE_LENGTH,
  groupCode,
  typedCode,
} from '../../core/points/coupon-code';
import { Ruby } from '../widgets/Ruby';
import { KeyEntry } from './KeyEntry';
import { uiMarked } from './kiosk-sentences';

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
  const code = typedCode(input);
  return (
    <KeyEntry
      language={language}
      label={<Ruby marked={uiMarked('kioskCouponPrompt', language)} />}
      name="coupon-code"
      typed={input}
      onType={onType}
      preview={groupCode(code)}
      previewTestId="coupon-preview"
      help={
        <p class="custom-help">
          <strong data-testid="coupon-count">
            {code.length} / {COUPON_CODE_LENGTH}
          </strong>
        </p>
      }
      action={<Ruby marked={uiMarked('kioskCouponRedeem', language)} />}
      busy={busy}
      onSubmit={onRedeem}
      onBack={onBack}
      keys={COUPON_ALPHABET}
      max={COUPON_CODE_LENGTH}
      normalise={typedCode}
    />
  );
}
