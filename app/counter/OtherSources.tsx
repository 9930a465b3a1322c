import type { Language } from '../../core/error-messages';
import { webNfcAvailable } from '../devices/webnfc-source';
import { ui } from '../sentences/messages';

export type OtherWay = 'camera' | 'typed' | 'nfc';

/**
 * Step ②'s other ways to take the service ID when the card is not one the reader knows: the
 * camera, typing it (or a USB barcode scanner), or this tablet's own NFC. Each is a button, so
 * the step stays one screen high until staff pick one.
 */
export function OtherSources({
  language,
  busy,
  chosen,
  onChoose,
}: {
  language: Language;
  busy: boolean;
  chosen: OtherWay | undefined;
  onChoose: (way: OtherWay) => void;
}) {
  const ways: Array<{ way: OtherWay; label: 'readCamera' | 'chooseTyped' | 'readNfc' }> = [
    { way: 'camera', label: 'readCamera' },
    { way: 'typed', label: 'chooseTyped' },
    ...(webNfcAvailable() ? [{ way: 'nfc' as const, label: 'readNfc' as const }] : []),
  ];
  return (
    <div class="other-sources">
      <span>{ui('otherWays', language)}</span>
      {ways.map(({ way, label }) => (
        <button
          type="button"
          key={way}
          disabled={busy && way !== 'typed'}
          aria-pressed={chosen === way}
          onClick={() => onChoose(way)}
        >
          {ui(label, language)}
        </button>
      ))}
    </div>
  );
}
