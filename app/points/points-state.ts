import type { AwardPoints } from '../../core/api/points';
import type { PointsOperationResponse, RedeemPoints } from '../../core/api/points-counter';
import { POINTS_API } from '../../core/api/routes/points';
import type { OperationResult } from '../../core/api/sync';
import { pointsProofChallenge } from '../../core/link-proof/statement';
import { CARD_WAIT_MS } from '../devices/card-wait';
import { refreshQueue, sendNow } from '../outbox/queue-state';
import { requestBackgroundSync } from '../shell/service-worker';
import type { AwardHow } from '../storage/reception-db';
import { type Notice, readFailed, store } from '../store/store';
import type { PlatformFailure } from '../terminal/platform-client';
import { terminal } from '../terminal/terminal-state';
import { refreshBalance, showBalance } from './points-balance';
import { patchPoints } from './points-customer';

/**
 * ポイント at the counter: tap the My Number card → the balance; 付与 (online, or queued like a
 * registration when the network is down), 利用 (online only: it must never overdraw), 取消 of the
 * last one. Every operation carries an id made here, so sending it again never counts it twice,
 * and the tapped card's certificate: the platform moves the points of that card's holder only;
 * the card taken off the reader takes its customer off the screen. Once the holder's redemptions
 * today would pass a programme's threshold, a redemption also needs the holder's PIN (the card
 * signs it): above the threshold by itself the pad comes at once, otherwise when the platform
 * answers POINTS_NEED_PIN, and the same redemption then goes again with the card's signature.
 */

/** No answer at all, or the platform failed: whether it applied the operation is not known. */
const noAnswer = (failure: PlatformFailure) =>
  failure.code === 'NETWORK_UNREACHABLE' || (failure.status ?? 0) >= 500;

function sentenceOf(result: OperationResult, balance: number | undefined): Notice {
  if (result.status === 'rejected')
    return result.error.code === 'POINTS_INSUFFICIENT' && balance !== undefined
      ? { tone: 'error', text: 'pointsInsufficient', values: { n: balance } }
      : { tone: 'error', text: result.error.code };
  const values = { n: result.points ?? 0 };
  if (result.outcome === 'awarded')
    return result.notice?.code === 'POINTS_DAILY_CAP'
      ? { tone: 'ok', text: 'pointsAwardedCapped', values }
      : { tone: 'ok', text: 'pointsAwarded', values };
  if (result.outcome === 'redeemed') return { tone: 'ok', text: 'pointsRedeemed', values };
  return { tone: 'ok', text: 'pointsCancelled', values };
}

function showAnswer(
  myKeyId: string,
  answer: PointsOperationResponse,
  kind: 'award' | 'redeem' | 'cancel',
  certificate: string,
): void {
  const { result } = answer;
  // The card left while the call was out: its answer is said, but its customer stays forgotten.
  if (store.getState().points.certificate !== certificate) {
    patchPoints({ busy: false, notice: sentenceOf(result, undefined) });
    return;
  }
  showBalance(myKeyId, answer.balance);
  patchPoints({
    busy: false,
    notice: sentenceOf(result, answer.balance?.balance),
    unsure: undefined,
    // What 取消 would undo: the award or redemption just made; nothing once it was cancelled.
    ...(result.status === 'applied' && {
      last:
        kind === 'cancel'
          ? undefined
          : { operationId: result.operationId, kind, points: result.points ?? 0 },
    }),
  });
}

/** 付与: online when it can be; with no answer, into the queue under the same id. */
export async function awardPoints(how: AwardHow): Promise<void> {
  const { points, online } = store.getState();
  const { myKeyId, certificate, programmeCode, readAt } = points;
  if (myKeyId === undefined || certificate === undefined || programmeCode === undefined) return;
  if (readAt === undefined) return;
  const op: AwardPoints = {
    operationId: crypto.randomUUID(),
    kind: 'awardPoints',
    certificate,
    // When the card was read: queued, the award is judged by the card's validity then.
    madeAt: readAt,
    programmeCode,
    award: how,
  };
  patchPoints({ busy: true, notice: undefined });
  if (online) {
    const answer = await terminal().platform.call(POINTS_API.award, op);
    if (answer.ok) return showAnswer(myKeyId, answer.value, 'award', certificate);
    if (!noAnswer(answer))
      return patchPoints({ busy: false, notice: { tone: 'error', text: answer.code } });
  }
  await terminal().outbox.enqueueAward({ ...op, myKeyId }, op.operationId);
  patchPoints({
    busy: false,
    queuedAward: op.operationId,
    last: undefined,
    notice: { tone: 'info', text: 'pointsAwardQueued' },
  });
  await refreshQueue();
  await sendNow();
  if (store.getState().queue.pending > 0) void requestBackgroundSync();
}

/**
 * 利用: online only. With no answer, the same operation can be sent again to learn its result.
 * Above the programme's threshold the PIN pad turns to the holder first (submitPointsPin); at or
 * under it, when today's earlier redemptions make it pass, after the platform says so.
 */
export async function redeemPoints(count: number): Promise<void> {
  const { points, online, platform } = store.getState();
  const { myKeyId, certificate, programmeCode } = points;
  if (myKeyId === undefined || certificate === undefined || programmeCode === undefined) return;
  // Known to be offline: nothing is sent, nothing taken, and the screen says so plainly.
  if (!online || platform === 'unreachable')
    return patchPoints({ notice: { tone: 'error', text: 'pointsRedeemOffline' } });
  const redemption: RedeemPoints = {
    operationId: crypto.randomUUID(),
    kind: 'redeemPoints',
    certificate,
    programmeCode,
    points: count,
  };
  const pinAbove = pinAboveOf(programmeCode);
  // Above the threshold by itself, the PIN is needed whatever was spent today: the pad at once.
  if (pinAbove !== undefined && count > pinAbove) return askHolderPin(redemption);
  await sendRedemption(redemption);
}

/** The programme's PIN threshold (points in a day); undefined: no PIN. */
const pinAboveOf = (programmeCode: string) =>
  store.getState().programmes.find((p) => p.code === programmeCode)?.redeemPinAbove ?? undefined;

/**
 * The PIN pad for a redemption that needs the PIN, with the tries the card has left; `today`:
 * needed because of the day's total (the threshold's n), not this redemption alone.
 */
async function askHolderPin(redemption: RedeemPoints, today?: number): Promise<void> {
  patchPoints({ busy: true, notice: undefined });
  const tries = await terminal().link.request('mynumber.pinTriesLeft', { waitMs: CARD_WAIT_MS });
  if (!tries.ok) return patchPoints({ busy: false, notice: readFailed(tries.code) });
  if (tries.result.triesLeft === 0)
    return patchPoints({ busy: false, notice: { tone: 'error', text: 'PIN_BLOCKED' } });
  patchPoints({
    busy: false,
    pin: { triesLeft: tries.result.triesLeft, wrong: false, redemption },
    notice:
      today === undefined
        ? { tone: 'info', text: 'pointsPinAsk', values: { n: redemption.points } }
        : { tone: 'info', text: 'pointsPinAskToday', values: { n: today } },
  });
}

/**
 * The holder pressed 【確認】: the card checks the PIN (one VERIFY, never retried) and signs this
 * terminal's statement naming the redemption (its programme, points, time and id); the PIN is
 * forgotten here, and the redemption goes with the card's signature.
 */
export async function submitPointsPin(pin: string): Promise<void> {
  const { points, terminalId } = store.getState();
  if (points.pin === undefined || points.busy || terminalId === undefined) return;
  if (!/^\d{4}$/.test(pin))
    return patchPoints({ notice: { tone: 'error', text: 'pinFourDigits' } });
  const { redemption } = points.pin;
  patchPoints({ busy: true });
  const madeAt = new Date().toISOString();
  const signed = await terminal().link.request('mynumber.sign', {
    challenge: pointsProofChallenge({
      terminalId,
      programmeCode: redemption.programmeCode,
      points: redemption.points,
      madeAt,
      operationId: redemption.operationId,
    }),
    pin,
    waitMs: CARD_WAIT_MS,
    // The same card as the redemption's: the bridge refuses another one (CARD_CHANGED).
    certificate: redemption.certificate,
  });
  if (!signed.ok) {
    if (signed.code === 'PIN_WRONG')
      return patchPoints({
        busy: false,
        pin: { ...points.pin, triesLeft: signed.triesLeft ?? 0, wrong: true },
        notice: { tone: 'error', text: 'PIN_WRONG' },
      });
    // A locked PIN ends this redemption: the holder must go to the municipal office.
    return patchPoints({
      busy: false,
      ...(signed.code === 'PIN_BLOCKED' ? { pin: undefined } : {}),
      notice: { tone: 'error', text: signed.code },
    });
  }
  patchPoints({ pin: undefined });
  await sendRedemption({ ...redemption, proof: { madeAt, signature: signed.result.signature } });
}

/** Staff or the holder stop the PIN entry: nothing is sent, nothing taken. */
export function stopPointsPin(): void {
  patchPoints({ pin: undefined, busy: false, notice: undefined });
}

/** 【結果を確認】: the redemption whose answer was lost, sent again with its own id. */
export async function checkUnsureRedemption(): Promise<void> {
  const { unsure } = store.getState().points;
  if (unsure !== undefined) await sendRedemption(unsure);
}

async function sendRedemption(op: RedeemPoints): Promise<void> {
  patchPoints({ busy: true, notice: undefined });
  const answer = await terminal().platform.call(POINTS_API.redeem, op);
  const { myKeyId, certificate } = store.getState().points;
  if (answer.ok) {
    const { result } = answer.value;
    // Today's earlier redemptions and this one pass the threshold: the holder's PIN, for this
    // same redemption (the refusal took nothing and left its id free).
    if (
      result.status === 'rejected' &&
      result.error.code === 'POINTS_NEED_PIN' &&
      op.proof === undefined &&
      certificate === op.certificate
    )
      return askHolderPin(op, pinAboveOf(op.programmeCode) ?? 0);
    return showAnswer(myKeyId ?? '', answer.value, 'redeem', op.certificate);
  }
  if (noAnswer(answer))
    return patchPoints({
      busy: false,
      unsure: op,
      notice: { tone: 'error', text: 'pointsRedeemUnsure' },
    });
  patchPoints({ busy: false, notice: { tone: 'error', text: answer.code } });
}

/** 取消 of the last award or redemption made here (online only). */
export async function cancelLast(): Promise<void> {
  const { points, online } = store.getState();
  if (points.last === undefined || points.myKeyId === undefined) return;
  if (points.certificate === undefined) return;
  if (!online) return patchPoints({ notice: { tone: 'error', text: 'pointsCancelOffline' } });
  patchPoints({ busy: true, notice: undefined });
  const answer = await terminal().platform.call(POINTS_API.cancel, {
    operationId: crypto.randomUUID(),
    kind: 'cancelPoints',
    cancels: points.last.operationId,
    certificate: points.certificate,
  });
  if (answer.ok) return showAnswer(points.myKeyId, answer.value, 'cancel', points.certificate);
  patchPoints({
    busy: false,
    notice: { tone: 'error', text: noAnswer(answer) ? 'pointsCancelOffline' : answer.code },
  });
}

export function choosePoints(programmeCode: string): void {
  patchPoints({ programmeCode });
  void refreshBalance();
}

/** A queued award was answered: shown here if it is the one on screen, then off the queue list. */
export function showQueuedAwardResults(results: OperationResult[]): void {
  const { queuedAward } = store.getState().points;
  const mine = results.find((r) => r.operationId === queuedAward);
  if (mine === undefined) return;
  patchPoints({ queuedAward: undefined, notice: sentenceOf(mine, undefined) });
  if (mine.status === 'rejected')
    void terminal().outbox.acknowledge(mine.operationId).then(refreshQueue);
}
