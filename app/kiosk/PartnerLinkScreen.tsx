import type { Language } from '../../core/error-messages';
import {
  COUPON_ALPHABET,
  COUPON_CODE_LENGTH,
  groupCode,
  typedCode,
} from '../../core/points/coupon-code';
import { fill } from '../sentences/messages';
import { Ruby } from '../widgets/Ruby';
import { KeyEntry } from './KeyEntry';
import { uiMarked } from './kiosk-sentences';
import { customerNumber } from './steps/partner-link';

const NUMBER_KEYS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-';
const NUMBER_MAX = 64;

/**
 * ID連携 with a partner at the kiosk, in two steps on the kiosk's own keys (or a keyboard): the
 * customer number at the partner, then the 連携コード the partner's site gave for it.
 */
export function PartnerLinkScreen({
  language,
  partnerName,
  step,
  customerId,
  code,
  busy,
  onType,
  onStep,
  onLink,
  onBack,
}: {
  language: Language;
  partnerName: string;
  step: 'number' | 'code';
  customerId: string;
  code: string;
  busy: boolean;
  onType: (text: string) => void;
  onStep: (step: 'number' | 'code') => void;
  onLink: () => void;
  onBack: () => void;
}) {
  const marked = (key: Parameters<typeof uiMarked>[0]) => (
    <Ruby marked={fill(uiMarked(key, language), { partner: partnerName })} />
  );
  return step === 'number' ? (
    <KeyEntry
      language={language}
      label={marked('kioskPartnerNumber')}
      name="partner-customer-number"
      typed={customerId}
      onType={onType}
      preview={customerNumber(customerId)}
      previewTestId="partner-link-preview"
      action={marked('kioskNext')}
      busy={busy}
      onSubmit={() => onStep('code')}
      onBack={onBack}
      keys={NUMBER_KEYS}
      max={NUMBER_MAX}
      normalise={customerNumber}
    />
  ) : (
    <KeyEntry
      language={language}
      label={marked('kioskPartnerCode')}
      name="partner-link-code"
      typed={code}
      onType={onType}
      preview={groupCode(typedCode(code))}
      previewTestId="partner-link-preview"
      action={marked('kioskPartnerLinkNow')}
      busy={busy}
      onSubmit={onLink}
      onBack={() => onStep('number')}
      keys={COUPON_ALPHABET}
      max={COUPON_CODE_LENGTH}
      normalise={typedCode}
    />
  );
}
