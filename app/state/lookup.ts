import { COUNTER_API } from '../../core/api/routes/counter';
import { CARD_WAIT_MS } from './registration';
import { patchLookup, store } from './store';
import { terminal } from './terminal';

/** 照会: the My Number card → this service's service ID. */
export async function lookUp(): Promise<void> {
  const { serviceCode } = store.getState();
  if (serviceCode === undefined) return;
  patchLookup({ busy: true, notice: { tone: 'info', text: 'lookupPrompt' } });
  const { link, platform } = terminal();
  const card = await link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!card.ok) return patchLookup({ busy: false, notice: { tone: 'error', text: card.code } });
  const answer = await platform.call(COUNTER_API.lookup, {
    myKeyId: card.result.myKeyId,
    serviceCode,
  });
  if (!answer.ok)
    return patchLookup({
      busy: false,
      notice: {
        tone: 'error',
        text: answer.code === 'NETWORK_UNREACHABLE' ? 'lookupOffline' : answer.code,
      },
    });
  patchLookup({
    busy: false,
    serviceId: answer.value.serviceId,
    notice: { tone: 'ok', text: 'lookupFound' },
  });
}
