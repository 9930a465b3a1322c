import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import type { ReceptionState } from '../state/store';
import { simulatePlace } from '../state/terminal';

/** In simulation only: buttons that put a virtual card on the virtual reader. */
export function SimulatedCards({ state, language }: { state: ReceptionState; language: Language }) {
  if (state.bridge.kind !== 'ready' || !state.bridge.simulated) return null;
  return (
    <div class="simulated-cards">
      <span>{ui('placeSimulated', language)}:</span>
      <button type="button" onClick={() => void simulatePlace('mynumber')}>
        {ui('simMyNumber', language)}
      </button>
      <button type="button" onClick={() => void simulatePlace('service')}>
        {ui('simService', language)}
      </button>
    </div>
  );
}
