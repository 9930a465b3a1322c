import type { AwardPoints } from '../../core/api/points';
import type { CancelPoints, ProgrammeBalance, RedeemPoints } from '../../core/api/points-counter';
import { linkProofInTime } from '../../core/link-proof/statement';
import { fail, ok, type Result } from '../../core/result';
import { checkPointsProof, type LinkProofPolicy } from '../certificates/link-proof';
import { earlierOperation, resendResult } from '../domain/exactly-once';
import { balancesOf } from '../domain/points/balances';
import {
  applyPointsOnce,
  asksForPin,
  holderOfMovement,
  type PointsApplied,
  type PointsContext,
  type PointsOperation,
  redeemNeedsPin,
} from '../domain/points/operations';
import type { Database, Queryable } from '../store/database';
import { tappedCard } from './counter-links';

/**
 * Points at a counter go with the card: every operation carries the tapped card's certificate, and
 * the holder is the My Key ID bound to that card, found only once the card is in good standing
 * (the lookup's check, tappedCard). A terminal that once saw an ID cannot name it; one that kept a
 * card's certificate still can present it (the certificate is public, readable without the PIN),
 * which is what a programme's PIN threshold is for: once the holder's redemptions in the programme
 * today would come to more than it, the card must also sign the redemption with its holder's PIN.
 */

export type CounterPointsOperation = AwardPoints | RedeemPoints | CancelPoints;

export interface CounterPointsContext extends PointsContext {
  policy: LinkProofPolicy;
  /**
   * The operation came in a batch (queued offline): an award's card is judged as it was when it
   * was read (its madeAt). Online, the card is judged now.
   */
  queued?: boolean;
}

/** What an operation at the counter came to; `recorded` false: refused before the ledger saw it. */
export type CounterPointsApplied = PointsApplied & { recorded: boolean };

/** The My Key ID of the card on the reader: a card in good standing, bound to one. */
export async function holderAtCounter(
  db: Queryable,
  certificate: string,
  policy: LinkProofPolicy,
  validAt?: Date,
): Promise<Result<string>> {
  const tapped = await tappedCard(
    db,
    certificate,
    policy,
    validAt === undefined ? {} : { validAt },
  );
  if (!tapped.ok) return tapped;
  const myKeyId = tapped.value.my_key_id;
  return myKeyId == null ? fail('MYKEY_NOT_REGISTERED') : ok(myKeyId);
}

/** 残高照会 of the tapped card's holder, in the programmes asked (the terminal's own). */
export async function balanceAtCounter(
  db: Queryable,
  certificate: string,
  programmeCodes: readonly string[],
  today: string,
  policy: LinkProofPolicy,
): Promise<Result<{ balances: ProgrammeBalance[] }>> {
  const holder = await holderAtCounter(db, certificate, policy);
  if (!holder.ok) return holder;
  return ok({ balances: await balancesOf(db, holder.value, programmeCodes, today) });
}

/**
 * 付与, 利用 or 取消 at a counter, online or (an award) from a batch, exactly once by its id. A
 * refusal of the card or of the PIN is not recorded: the same id can be sent again with the right
 * card. An operation already recorded gets its recorded answer, whatever the card's standing now
 * (a redemption whose answer was lost is sent again with its proof, which was used then).
 */
export async function pointsAtCounter(
  db: Database | Queryable,
  context: CounterPointsContext,
  op: CounterPointsOperation,
): Promise<CounterPointsApplied> {
  const mac = context.macs.of(op);
  // In a programme with a PIN threshold, a redemption is decided (PIN or not), its PIN proof used
  // up and the ledger called in one transaction, under the holder's account lock: a proof is used
  // with the redemption it allowed or not at all, and two redemptions at once cannot both slip
  // under the day's threshold. Without one, the ledger's call alone is the transaction, as for an
  // award (the extra round trips cost half the points rate: bench/points). (A batch is one
  // transaction already, and carries no redemptions.)
  const guarded = op.kind === 'redeemPoints' && (await asksForPin(db, op.programmeCode));
  const applied =
    guarded && 'transaction' in db
      ? await db.transaction((tx) => checkedAndApplied(tx, context, op, mac, guarded))
      : await checkedAndApplied(db, context, op, mac, guarded);
  if (applied.ok) return { ...applied.value, recorded: true };
  const earlier = await earlierOperation(db, context.terminal.id, op.operationId);
  if (earlier !== undefined)
    return { result: resendResult(context.macs, earlier, mac), mac: earlier.mac, recorded: true };
  return { result: { status: 'rejected', code: applied.code }, mac, recorded: false };
}

async function checkedAndApplied(
  db: Queryable,
  context: CounterPointsContext,
  op: CounterPointsOperation,
  mac: string,
  guarded: boolean,
): Promise<Result<PointsApplied>> {
  const checked = await toLedger(db, context, op, guarded);
  if (!checked.ok) return checked;
  return ok(await applyPointsOnce(db, context, checked.value, mac));
}

/**
 * The operation as the ledger applies it, once its card (and, when needed, the PIN) passed;
 * `guarded`: the programme has a PIN threshold.
 */
async function toLedger(
  db: Queryable,
  context: CounterPointsContext,
  op: CounterPointsOperation,
  guarded: boolean,
): Promise<Result<PointsOperation>> {
  const { policy, terminal, macs } = context;
  if (op.kind === 'awardPoints') {
    // An award queued offline may wait in the outbox for up to the link proof's 72 hours, and its
    // card is judged as it was when it was read: a customer whose card expired while the shop was
    // offline keeps the points. madeAt is the terminal's word, not the card's signature, so a
    // terminal could date an award back by up to that window; that only gives points to a card
    // that was valid then (and a terminal can already give points to any card whose certificate
    // it has seen). Revocation is judged now, as for a link proof: a card reported lost gets none.
    // An online award's card is on the reader now and is judged now: a card that expired an hour
    // ago gets nothing, whatever madeAt the terminal wrote.
    const madeAt = new Date(op.madeAt);
    if (!linkProofInTime(madeAt, policy.now?.() ?? new Date())) return fail('POINTS_TAP_TOO_OLD');
    const holder = await holderAtCounter(
      db,
      op.certificate,
      policy,
      context.queued === true ? madeAt : undefined,
    );
    if (!holder.ok) return holder;
    const { certificate: _, madeAt: __, ...award } = op;
    return ok({ ...award, myKeyId: holder.value });
  }
  // A redemption and a cancel are online only: the card must be good now.
  const holder = await holderAtCounter(db, op.certificate, policy);
  if (!holder.ok) return holder;
  if (op.kind === 'cancelPoints') {
    const whose = await holderOfMovement(db, macs, terminal.id, op.cancels);
    if (whose !== undefined && whose !== holder.value) return fail('POINTS_NOT_THIS_CARD');
    const { certificate: _, ...cancel } = op;
    return ok(cancel);
  }
  // A redemption sent again (its answer was lost) carries the proof it used then: the ledger
  // answers it as it did, so the PIN is decided and the proof checked only for one not recorded
  // yet. The decision locks the holder's account until the transaction ends.
  if (
    guarded &&
    (await earlierOperation(db, terminal.id, op.operationId)) === undefined &&
    (await redeemNeedsPin(db, op.programmeCode, holder.value, op.points, context.today))
  ) {
    const proven = await checkPointsProof(
      db,
      {
        terminalId: terminal.id,
        programmeCode: op.programmeCode,
        points: op.points,
        operationId: op.operationId,
        certificate: op.certificate,
        proof: op.proof,
      },
      policy,
    );
    if (!proven.ok) return proven;
  }
  const { certificate: _, proof: __, ...redemption } = op;
  return ok({ ...redemption, myKeyId: holder.value });
}
