import { useState } from 'preact/hooks';
import { SIMULATED_CITIZENS } from '../../core/bridge/protocol';
import type { Language } from '../../core/error-messages';
import { ui } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { simulatePlace } from '../terminal/terminal-state';

const CITIZENS = Array.from({ length: SIMULATED_CITIZENS }, (_, i) => i + 1);

/**
 * In simulation only: which simulated citizen is at the counter, and buttons that put their
 * cards on the virtual reader. Each citizen is a different person to the platform (their own
 * certificate and service card), so a newcomer can try a second person, a custom ID, a refusal.
 */
export function SimulatedCards({
  state,
  language,
  kinds = ['mynumber', 'service'],
}: {
  state: Pick<ReceptionState, 'bridge'>;
  language: Language;
  kinds?: ReadonlyArray<'mynumber' | 'service'>;
}) {
  const [citizen, setCitizen] = useState(1);
  if (state.bridge.kind !== 'ready' || !state.bridge.simulated) return null;
  return (
    <div class="simulated-cards" data-testid="simulated-cards">
      <label class="inline">
        {ui('simCitizen', language)}
        <select
          name="simulated-citizen"
          value={citizen}
          onChange={(e) => setCitizen(Number(e.currentTarget.value))}
        >
          {CITIZENS.map((n) => (
            <option key={n} value={n}>
              {ui('simCitizenN', language).replace('{n}', String(n))}
            </option>
          ))}
        </select>
      </label>
      <span>{ui('placeSimulated', language)}:</span>
      {kinds.map((kind) => (
        <button type="button" key={kind} onClick={() => void simulatePlace(kind, citizen)}>
          {ui(kind === 'mynumber' ? 'simMyNumber' : 'simService', language)}
        </button>
      ))}
    </div>
  );
}
