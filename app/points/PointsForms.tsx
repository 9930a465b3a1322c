import { useState } from 'preact/hooks';
import { MAX_POINTS, MAX_PURCHASE_YEN } from '../../core/api/points';
import type { TerminalProgramme } from '../../core/api/points-counter';
import type { Language } from '../../core/error-messages';
import { pointsForPurchase } from '../../core/points/award';
import { fill } from '../sentences/messages';
import { TextField } from '../widgets/TextField';
import { sentences, ui } from './points-sentences';
import type { PointsState } from './points-slice';
import { awardPoints, redeemPoints } from './points-state';

/** What the award and redemption forms show of the points screen's part of the store. */
type FormState = { language: Language; points: PointsState };

/** A whole number typed by staff, full-width digits and commas allowed; undefined otherwise. */
function wholeNumber(typed: string, max: number): number | undefined {
  const plain = typed.normalize('NFKC').replace(/[,\s]/g, '');
  if (!/^\d{1,9}$/.test(plain)) return undefined;
  const n = Number(plain);
  return n >= 1 && n <= max ? n : undefined;
}

/** 付与: the purchase total and the points it gives, then confirm; or a named activity. */
export function AwardForm({
  programme,
  state,
}: {
  programme: TerminalProgramme;
  state: FormState;
}) {
  const { language, points } = state;
  const [yen, setYen] = useState('');
  const amount = wholeNumber(yen, MAX_PURCHASE_YEN);
  const gives = amount === undefined ? 0 : pointsForPurchase(amount, programme.yenPerPoint);
  const ready = points.myKeyId !== undefined && !points.busy;
  return (
    <>
      {programme.yenPerPoint > 0 && (
        <form
          class="points-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (amount === undefined || gives < 1) return;
            void awardPoints({ by: 'purchase', yen: amount }).then(() => setYen(''));
          }}
        >
          <TextField
            book={sentences}
            language={language}
            label="pointsPurchaseYen"
            name="purchase-yen"
            value={yen}
            onInput={setYen}
            numeric
          />
          <p data-testid="points-preview">
            {fill(ui('pointsWillAward', language), { n: gives.toLocaleString() })}{' '}
            <small>{fill(ui('pointsRate', language), { yen: programme.yenPerPoint })}</small>
          </p>
          <button type="submit" class="big primary" disabled={!ready || gives < 1}>
            {ui('pointsConfirmAward', language)}
          </button>
        </form>
      )}
      {programme.fixedAwards.length > 0 && (
        <fieldset class="points-activities">
          <legend>{ui('pointsActivities', language)}</legend>
          {programme.fixedAwards.map((activity) => (
            <button
              type="button"
              key={activity.code}
              disabled={!ready}
              onClick={() => void awardPoints({ by: 'activity', activityCode: activity.code })}
            >
              {activity.name} ({activity.points.toLocaleString()})
            </button>
          ))}
        </fieldset>
      )}
    </>
  );
}

/** 利用: the points to spend and the balance after, then confirm (above the threshold, the PIN). */
export function RedeemForm({
  programme,
  state,
}: {
  programme: TerminalProgramme;
  state: FormState;
}) {
  const { language, points } = state;
  const [typed, setTyped] = useState('');
  const count = wholeNumber(typed, MAX_POINTS);
  const balance = points.balance?.lastKnown === false ? points.balance.shown.balance : undefined;
  const after = count === undefined || balance === undefined ? undefined : balance - count;
  const ready = points.myKeyId !== undefined && !points.busy && count !== undefined;
  return (
    <form
      class="points-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (count === undefined) return;
        void redeemPoints(count).then(() => setTyped(''));
      }}
    >
      <TextField
        book={sentences}
        language={language}
        label="pointsRedeemCount"
        name="redeem-points"
        value={typed}
        onInput={setTyped}
        numeric
      />
      {after !== undefined && (
        <p data-testid="points-after" class={after < 0 ? 'notice error' : ''}>
          {fill(ui('pointsAfter', language), { n: after.toLocaleString() })}
        </p>
      )}
      {programme.redeemPinAbove !== null && (
        <p data-testid="points-pin-above">
          <small>
            {fill(ui('pointsPinAbove', language), {
              n: programme.redeemPinAbove.toLocaleString(),
            })}
          </small>
        </p>
      )}
      <button type="submit" class="big primary" disabled={!ready || (after ?? 0) < 0}>
        {ui('pointsConfirmRedeem', language)}
      </button>
    </form>
  );
}
