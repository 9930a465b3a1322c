import type { ProgrammeBalance } from '../../core/api/points-counter';
import { POINTS_API } from '../../core/api/routes/points';
import { CARD_WAIT_MS } from '../devices/card-wait';
import { store } from '../store/store';
import { terminal } from '../terminal/terminal-state';
import { forgetPointsCustomer, patchPoints } from './points-customer';

/**
 * The customer's card on the points screen and its balance: read when it lands, forgotten when it
 * leaves, asked again after each operation; offline, the last balance seen here.
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

export function showBalance(myKeyId: string, shown: ProgrammeBalance | undefined): void {
  if (shown === undefined) return;
  remember(myKeyId, shown);
  patchPoints({ balance: { shown, at: Date.now(), lastKnown: false } });
}

/** Reads the card on the reader and shows its balance in the chosen programme. */
export async function readCardForPoints(): Promise<void> {
  forgetPointsCustomer();
  patchPoints({ busy: true, notice: { tone: 'info', text: 'lookupPrompt' } });
  const card = await terminal().link.request('mynumber.read', { waitMs: CARD_WAIT_MS });
  if (!card.ok) return patchPoints({ busy: false, notice: { tone: 'error', text: card.code } });
  patchPoints({
    myKeyId: card.result.myKeyId,
    certificate: card.result.certificate,
    readAt: new Date().toISOString(),
    reader: card.result.reader,
  });
  await refreshBalance();
}

/**
 * A card left a reader: if it is the customer's, the screen forgets them (their certificate, the
 * PIN pad, what 取消 would undo) and asks for the card again; whatever is done next needs a card.
 */
export function forgetRemovedCard(reader: string): void {
  const { certificate, reader: readOn } = store.getState().points;
  if (certificate === undefined || (readOn !== undefined && readOn !== reader)) return;
  forgetPointsCustomer();
  patchPoints({ notice: { tone: 'info', text: 'pointsCardRemoved' } });
}

/** 残高照会 for the card on screen; offline, the last balance seen here, marked with its time. */
export async function refreshBalance(): Promise<void> {
  const { myKeyId, certificate, programmeCode } = store.getState().points;
  if (myKeyId === undefined || certificate === undefined || programmeCode === undefined) return;
  patchPoints({ busy: true });
  const answer = await terminal().platform.call(POINTS_API.balance, {
    certificate,
    programmeCode,
  });
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
