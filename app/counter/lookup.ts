import { COUNTER_API } from '../../core/api/routes/counter';
import { CARD_WAIT_MS } from '../devices/card-wait';
import { type LookupState, readFailed, store } from '../store/store';
import { terminal } from '../terminal/terminal-state';

/**
 * The lookup screen as a whole: each step replaces it, so a previous citizen's service ID never
 * stays beside a new read, an error or a timeout (staff could hand it to the wrong person).
 */
const showLookup = (lookup: LookupState) => store.setState({ lookup });

/** Which read the screen is showing: a read that ends after a newer one began is dropped. */
let currentRead = 0;

/** Leaving 照会 forgets its result (and any read still waiting): the next person starts clean. */
export function forgetLookup(): void {
  currentRead += 1;
  showLookup({ busy: false });
}

/** 照会: the My Number card → this service's service ID. */
export async function lookUp(): Promise<void> {
  const { serviceCode } = store.getState();
  if (serviceCode === undefined) return;
  currentRead += 1;
  const read = currentRead;
  const show = (lookup: LookupState) => {
    if (read === currentRead) showLookup(lookup);
  };
  show({ busy: true, notice: { tone: 'info', text: 'lookupPrompt' } });
  const { link, platform } = terminal();
  const card = await link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!card.ok) return show({ busy: false, notice: readFailed(card.code) });
  const answer = await platform.call(COUNTER_API.lookup, {
    certificate: card.result.certificate,
    serviceCode,
  });
  if (!answer.ok)
    return show({
      busy: false,
      notice: {
        tone: 'error',
        text: answer.code === 'NETWORK_UNREACHABLE' ? 'lookupOffline' : answer.code,
      },
    });
  show({
    busy: false,
    serviceId: answer.value.serviceId,
    notice: { tone: 'ok', text: 'lookupFound' },
  });
}
