import type { Language } from '../../../core/error-messages';
import { COUPON_ALPHABET, COUPON_CODE_LENGTH } from '../../../core/points/coupon-code';
import { customerNumber } from '../../kiosk/kiosk-controller';
import { fill, ui, uiMarked } from '../../sentences/messages';
import { Ruby } from '../Ruby';
import { IdKeys } from './IdKeys';

const NUMBER_KEYS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-';
const NUMBER_MAX = 64;
const plainCode = (typed: string) => typed.toUpperCase().replace(/[^0-9A-Z]/g, '');
const grouped = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? '';

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
  const onNumber = step === 'number';
  const value = onNumber ? customerId : code;
  return (
    <form
      class="custom-screen"
      onSubmit={(event) => {
        event.preventDefault();
        if (onNumber) onStep('code');
        else onLink();
      }}
    >
      <div class="custom-entry">
        <label>
          <Ruby
            marked={fill(uiMarked(onNumber ? 'kioskPartnerNumber' : 'kioskPartnerCode', language), {
              partner: partnerName,
            })}
          />
          <input
            name={onNumber ? 'partner-customer-number' : 'partner-link-code'}
            value={value}
            autocomplete="off"
            autocapitalize="characters"
            onInput={(e) => onType(e.currentTarget.value)}
          />
        </label>
        <p class="preview" data-testid="partner-link-preview">
          {onNumber ? customerNumber(customerId) : grouped(plainCode(code))}
        </p>
        <div class="custom-actions">
          <button type="submit" class="big primary" disabled={busy}>
            <Ruby marked={uiMarked(onNumber ? 'kioskNext' : 'kioskPartnerLinkNow', language)} />
          </button>
          <button type="button" onClick={() => (onNumber ? onBack() : onStep('number'))}>
            {ui('back', language)}
          </button>
        </div>
      </div>
      {onNumber ? (
        <IdKeys
          language={language}
          input={customerNumber(customerId)}
          onInput={onType}
          keys={NUMBER_KEYS}
          max={NUMBER_MAX}
          normalise={customerNumber}
        />
      ) : (
        <IdKeys
          language={language}
          input={plainCode(code)}
          onInput={onType}
          keys={COUPON_ALPHABET}
          max={COUPON_CODE_LENGTH}
          normalise={plainCode}
        />
      )}
    </form>
  );
}
