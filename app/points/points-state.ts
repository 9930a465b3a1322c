import type { AwardPoints } from '../../core/api/points';
import type {
  PointsOperationResponse,
  ProgrammeBalance,
  RedeemPoints,
} from '../../core/api/points-counter';
import { POINTS_API } from '../../core/api/routes/points';
import type { OperationResult } from '../../core/api/sync';
import { requestBackgroundSync } from '../service-worker';
import { lateScreens } from '../state/late-screens';
import { refreshQueue, sendNow } from '../state/queue';
import { CARD_WAIT_MS } from '../state/registration';
import { forgetPointsCustomer, type Notice, patchPoints, store } from '../state/store';
import { terminal } from '../state/terminal';
import type { AwardHow } from '../storage/reception-db';
import type { PlatformFailure } from '../terminal/platform-client';

/**
 * ポイント at the counter: tap the My Number card → the balance; 付与 (online, or queued like a
 * registration when the network is down), 利用 (online only: it must never overdraw), 取消 of the
 * last one. Every operation carries an id made here, so sending it again never counts it twice.
 */

/** Balances seen since the app opened, to show (marked) while offline; memory only, bounded. */
const LAST_KNOWN_KEPT = 20;
const lastKnown = new Map<string, { shown: ProgrammeBalance; at: number }>();

function remember(myKeyId: string, shown: ProgrammeBalance): void {
  const key = `${shown.programmeCode}:${myKeyId}`;
  lastKnown.delete(key);
  lastKnown.set(key, { shown, at: Date.now() });
  if (lastKnown.size > LAST_KNOWN_KEPT) lastKnown.delete(lastKnown.keys().next().value ?? '');
}

function showBalance(myKeyId: string, shown: ProgrammeBalance | undefined): void {
  if (shown === undefined) return;
  remember(myKeyId, shown);
  patchPoints({ balance: { shown, at: Date.now(), lastKnown: false } });
}

/** No answer at all, or the platform failed: whether it applied the operation is not known. */
const noAnswer = (failure: PlatformFailure) =>
  failure.code === 'NETWORK_UNREACHABLE' || (failure.status ?? 0) >= 500;

/** Reads the card on the reader and shows its balance in the chosen programme. */
export async function readCardForPoints(): Promise<void> {
  forgetPointsCustomer();
  patchPoints({ busy: true, notice: { tone: 'info', text: 'lookupPrompt' } });
  const card = await terminal().link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!card.ok) return patchPoints({ busy: false, notice: { tone: 'error', text: card.code } });
  patchPoints({ myKeyId: card.result.myKeyId });
  await refreshBalance();
}

/** 残高照会 for the card on screen; offline, the last balance seen here, marked with its time. */
export async function refreshBalance(): Promise<void> {
  const { myKeyId, programmeCode } = store.getState().points;
  if (myKeyId === undefined || programmeCode === undefined) return;
  patchPoints({ busy: true });
  const answer = await terminal().platform.call(POINTS_API.balance, { myKeyId, programmeCode });
  if (answer.ok) {
    showBalance(myKeyId, answer.value.balances[0]);
    return patchPoints({
      busy: false,
      notice:
        answer.value.balances[0] === undefined
          ? { tone: 'error', text: 'PROGRAMME_NOT_FOUND' }
          : undefined,
    });
  }
  if (answer.code !== 'NETWORK_UNREACHABLE')
    return patchPoints({ busy: false, notice: { tone: 'error', text: answer.code } });
  const known = lastKnown.get(`${programmeCode}:${myKeyId}`);
  patchPoints({
    busy: false,
    balance: known === undefined ? undefined : { ...known, lastKnown: true },
    notice: { tone: 'info', text: 'pointsBalanceOffline' },
  });
}

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
): void {
  const { result } = answer;
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
  if (points.myKeyId === undefined || points.programmeCode === undefined) return;
  const op: AwardPoints = {
    operationId: crypto.randomUUID(),
    kind: 'awardPoints',
    myKeyId: points.myKeyId,
    programmeCode: points.programmeCode,
    award: how,
  };
  patchPoints({ busy: true, notice: undefined });
  if (online) {
    const answer = await terminal().platform.call(POINTS_API.award, op);
    if (answer.ok) return showAnswer(op.myKeyId, answer.value, 'award');
    if (!noAnswer(answer))
      return patchPoints({ busy: false, notice: { tone: 'error', text: answer.code } });
  }
  await terminal().outbox.enqueueAward(op, op.operationId);
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

/** 利用: online only. With no answer, the same operation can be sent again to learn its result. */
export async function redeemPoints(count: number): Promise<void> {
  const { points, online, platform } = store.getState();
  if (points.myKeyId === undefined || points.programmeCode === undefined) return;
  // Known to be offline: nothing is sent, nothing taken, and the screen says so plainly.
  if (!online || platform === 'unreachable')
    return patchPoints({ notice: { tone: 'error', text: 'pointsRedeemOffline' } });
  await sendRedemption({
    operationId: crypto.randomUUID(),
    kind: 'redeemPoints',
    myKeyId: points.myKeyId,
    programmeCode: points.programmeCode,
    points: count,
  });
}

/** 【結果を確認】: the redemption whose answer was lost, sent again with its own id. */
export async function checkUnsureRedemption(): Promise<void> {
  const { unsure } = store.getState().points;
  if (unsure !== undefined) await sendRedemption(unsure);
}

async function sendRedemption(op: RedeemPoints): Promise<void> {
  patchPoints({ busy: true, notice: undefined });
  const answer = await terminal().platform.call(POINTS_API.redeem, op);
  if (answer.ok) return showAnswer(op.myKeyId, answer.value, 'redeem');
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
  if (!online) return patchPoints({ notice: { tone: 'error', text: 'pointsCancelOffline' } });
  patchPoints({ busy: true, notice: undefined });
  const answer = await terminal().platform.call(POINTS_API.cancel, {
    operationId: crypto.randomUUID(),
    kind: 'cancelPoints',
    cancels: points.last.operationId,
  });
  if (answer.ok) return showAnswer(points.myKeyId, answer.value, 'cancel');
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
function showQueuedAwardResults(results: OperationResult[]): void {
  const { queuedAward } = store.getState().points;
  const mine = results.find((r) => r.operationId === queuedAward);
  if (mine === undefined) return;
  patchPoints({ queuedAward: undefined, notice: sentenceOf(mine, undefined) });
  if (mine.status === 'rejected')
    void terminal().outbox.acknowledge(mine.operationId).then(refreshQueue);
}

lateScreens.pointsCard = () => void readCardForPoints();
lateScreens.pointsResults = showQueuedAwardResults;
