import type { OperationResult } from '../../core/api/sync';
import { bridgeCardSource, type ServiceCardSource } from '../devices/card-source';
import { requestBackgroundSync } from '../service-worker';
import { refreshQueue, sendNow } from './queue';
import { initialRegistration, type Notice, patchRegistration, store } from './store';
import { terminal } from './terminal';

/** How long a read waits for a card to land after 【読取】 or a step change. */
export const CARD_WAIT_MS = 30_000;
/** How long a finished registration stays on screen before it clears for the next customer. */
export const NEXT_CUSTOMER_MS = 10_000;

// サービスID登録, as in the source: ① the My Number card, ② the service's card, ③ 【登録】.

export async function readMyNumberCard(): Promise<void> {
  patchRegistration({ busy: true, notice: { tone: 'info', text: 'step1' } });
  const answer = await terminal().link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!answer.ok)
    return patchRegistration({ busy: false, notice: { tone: 'error', text: answer.code } });
  patchRegistration({
    busy: false,
    step: 2,
    myKeyId: answer.result.myKeyId,
    notice: { tone: 'info', text: 'step2' },
  });
}

export async function readServiceCard(source?: ServiceCardSource): Promise<void> {
  patchRegistration({ busy: true });
  const reading = await (source ?? bridgeCardSource(terminal().link)).read({
    waitMs: CARD_WAIT_MS,
  });
  if (!reading.ok)
    return patchRegistration({ busy: false, notice: { tone: 'error', text: reading.code } });
  patchRegistration({
    busy: false,
    step: 3,
    serviceId: reading.serviceId,
    notice: { tone: 'info', text: 'step3' },
  });
}

/** 【登録】: into the outbox first (that is the acceptance), then sent at once if we can. */
export async function registerNow(): Promise<void> {
  const { registration, serviceCode, online } = store.getState();
  if (
    registration.myKeyId === undefined ||
    registration.serviceId === undefined ||
    serviceCode === undefined
  )
    return;
  const operationId = await terminal().outbox.enqueue({
    myKeyId: registration.myKeyId,
    serviceId: registration.serviceId,
    serviceCode,
  });
  patchRegistration({
    step: 'done',
    operationId,
    notice: { tone: 'info', text: online ? 'accepted' : 'queuedOffline' },
  });
  await refreshQueue();
  await sendNow();
  const after = store.getState();
  if (
    after.registration.operationId === operationId &&
    after.registration.notice?.text === 'accepted'
  )
    patchRegistration({ notice: { tone: 'info', text: 'queuedOffline' } });
  if (after.queue.pending > 0) void requestBackgroundSync();
  clearForNextCustomer(operationId);
}

export function startOver(): void {
  store.setState({ registration: initialRegistration });
}

/** A finished registration (sent or queued) gives way to the next customer. */
function clearForNextCustomer(operationId: string): void {
  setTimeout(() => {
    const { registration } = store.getState();
    if (registration.step === 'done' && registration.operationId === operationId) startOver();
  }, NEXT_CUSTOMER_MS);
}

/** The platform answered for queued registrations: the one on screen gets its sentence. */
export function showRegistrationResults(results: OperationResult[]): void {
  const waiting = store.getState().registration.operationId;
  const mine = results.find((r) => r.operationId === waiting);
  if (mine === undefined) return;
  const notice: Notice =
    mine.status === 'applied'
      ? { tone: 'ok', text: mine.outcome === 'registered' ? 'registered' : 'alreadyRegistered' }
      : { tone: 'error', text: mine.error.code };
  patchRegistration({ notice });
  // Staff saw the refusal here, at the counter: it does not wait again on the queue screen.
  if (mine.status === 'rejected')
    void terminal().outbox.acknowledge(mine.operationId).then(refreshQueue);
}
