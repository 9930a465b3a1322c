import type { OperationResult } from '../../core/api/sync';
import { linkProofChallenge } from '../../core/link-proof/statement';
import { bridgeCardSource, type ServiceCardSource } from '../devices/card-source';
import { CARD_WAIT_MS } from '../devices/card-wait';
import { refreshQueue, sendNow } from '../outbox/queue-state';
import { requestBackgroundSync } from '../shell/service-worker';
import {
  initialRegistration,
  type Notice,
  patchRegistration,
  readFailed,
  store,
} from '../store/store';
import { terminal } from '../terminal/terminal-state';

/** How long a finished registration stays on screen before it clears for the next customer. */
export const NEXT_CUSTOMER_MS = 10_000;

// サービスID登録, as in the source: ① the My Number card, ② the service's card, ③ 【登録】.

export async function readMyNumberCard(): Promise<void> {
  patchRegistration({ busy: true, notice: { tone: 'info', text: 'step1' } });
  const { link } = terminal();
  const answer = await link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!answer.ok) return patchRegistration({ busy: false, notice: readFailed(answer.code) });
  if (!serviceOnScreen()?.linkNeedsPin)
    return patchRegistration({
      busy: false,
      step: 2,
      myKeyId: answer.result.myKeyId,
      notice: { tone: 'info', text: 'step2' },
    });
  // The 2024 rules: this service asks for the holder's PIN once, when the card is first linked.
  const tries = await link.request('mynumber.pinTriesLeft', { waitMs: CARD_WAIT_MS });
  if (!tries.ok) return patchRegistration({ busy: false, notice: readFailed(tries.code) });
  if (tries.result.triesLeft === 0)
    return patchRegistration({ busy: false, notice: { tone: 'error', text: 'PIN_BLOCKED' } });
  patchRegistration({
    busy: false,
    myKeyId: answer.result.myKeyId,
    pin: {
      triesLeft: tries.result.triesLeft,
      wrong: false,
      certificate: answer.result.certificate,
    },
    notice: { tone: 'info', text: 'linkPinAsk' },
  });
}

const serviceOnScreen = () => {
  const { services, serviceCode } = store.getState();
  return services.find((s) => s.code === serviceCode);
};

/**
 * The holder pressed 【確認】 on the PIN pad: the card checks the PIN (one VERIFY, never retried)
 * and signs this terminal's statement naming the registration to come. The PIN is forgotten here.
 */
export async function submitLinkPin(pin: string): Promise<void> {
  const { registration: r, terminalId, serviceCode } = store.getState();
  if (r.pin === undefined || r.busy || terminalId === undefined || serviceCode === undefined)
    return;
  if (!/^\d{4}$/.test(pin))
    return patchRegistration({ notice: { tone: 'error', text: 'pinFourDigits' } });
  patchRegistration({ busy: true });
  const nonce = crypto.randomUUID();
  const madeAt = new Date().toISOString();
  const signed = await terminal().link.request('mynumber.sign', {
    challenge: linkProofChallenge({ terminalId, serviceCode, madeAt, nonce }),
    pin,
    waitMs: CARD_WAIT_MS,
    certificate: r.pin.certificate,
  });
  if (!signed.ok) {
    if (signed.code === 'PIN_WRONG')
      return patchRegistration({
        busy: false,
        pin: { ...r.pin, triesLeft: signed.triesLeft ?? 0, wrong: true },
        notice: { tone: 'error', text: 'PIN_WRONG' },
      });
    // A locked PIN ends this registration: the holder must go to the municipal office.
    if (signed.code === 'PIN_BLOCKED')
      return store.setState({
        registration: { ...initialRegistration, notice: { tone: 'error', text: 'PIN_BLOCKED' } },
      });
    return patchRegistration({ busy: false, notice: { tone: 'error', text: signed.code } });
  }
  patchRegistration({
    busy: false,
    step: 2,
    pin: undefined,
    proof: { certificate: r.pin.certificate, madeAt, nonce, signature: signed.result.signature },
    notice: { tone: 'info', text: 'step2' },
  });
}

export async function readServiceCard(source?: ServiceCardSource): Promise<void> {
  patchRegistration({ busy: true });
  const reading = await (source ?? bridgeCardSource(terminal().link)).read({
    waitMs: CARD_WAIT_MS,
  });
  if (!reading.ok) return patchRegistration({ busy: false, notice: readFailed(reading.code) });
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
    proof: registration.proof,
    operationId: registration.proof?.nonce,
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
