import { useEffect, useRef } from 'preact/hooks';
import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import { PinPad } from './PinPad';

/**
 * The PIN pad staff turn towards the holder, the tries left shown before the first digit (as at
 * the kiosk): step ① of a service that asks for the PIN, and a redemption above a programme's
 * threshold at ポイント.
 */
export function HolderPinPanel({
  triesLeft,
  busy,
  language,
  onSubmit,
  testId = 'link-pin',
}: {
  triesLeft: number;
  busy: boolean;
  language: Language;
  onSubmit: (pin: string) => void;
  testId?: string;
}) {
  const panel = useRef<HTMLDivElement>(null);
  // On a phone the pad opens below the customer's panel: bring it into view for the holder.
  useEffect(() => panel.current?.scrollIntoView?.({ block: 'nearest' }), []);
  return (
    <div class="link-pin" data-testid={testId} ref={panel}>
      <p class="tries-left" data-testid="tries-left">
        {ui('linkPinTriesLeft', language)}: <strong>{triesLeft}</strong>
      </p>
      {triesLeft === 1 && (
        <p class="notice error" data-testid="last-try">
          {ui('linkPinLastTry', language)}
        </p>
      )}
      <PinPad language={language} busy={busy} onSubmit={onSubmit} />
    </div>
  );
}
