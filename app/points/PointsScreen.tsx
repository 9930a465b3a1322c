import './points.css';
import './points-sentences';
import { useState } from 'preact/hooks';
import { MAX_POINTS, MAX_PURCHASE_YEN } from '../../core/api/points';
import type { TerminalProgramme } from '../../core/api/points-counter';
import { maskIdentifier } from '../../core/mask';
import { pointsForPurchase } from '../../core/points/award';
import { dayInWords, localeOf } from '../sentences/dates';
import { fill } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';
import { HolderPinPanel } from '../widgets/HolderPinPanel';
import { NoticeLine } from '../widgets/NoticeLine';
import { ProgrammeChoice } from '../widgets/ProgrammeChoice';
import { SimulatedCards } from '../widgets/SimulatedCards';
import { TextField } from '../widgets/TextField';
import { readCardForPoints } from './points-balance';
import { forgetPointsCustomer } from './points-customer';
import { sentences, ui } from './points-sentences';
import {
  awardPoints,
  cancelLast,
  checkUnsureRedemption,
  choosePoints,
  redeemPoints,
  stopPointsPin,
  submitPointsPin,
} from './points-state';

/** A whole number typed by staff, full-width digits and commas allowed; undefined otherwise. */
function wholeNumber(typed: string, max: number): number | undefined {
  const plain = typed.normalize('NFKC').replace(/[,\s]/g, '');
  if (!/^\d{1,9}$/.test(plain)) return undefined;
  const n = Number(plain);
  return n >= 1 && n <= max ? n : undefined;
}

/**
 * ポイント at the counter, landscape first: the customer's balance on the left in large numerals,
 * the award or redemption being made on the right, and one sentence for what happened.
 */
const selectPart = (s: ReceptionState) => ({
  language: s.language,
  points: s.points,
  programmes: s.programmes,
  bridge: s.bridge,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

export function PointsScreen() {
  const state: Shown = useReception(selectPart);
  const { language, points, programmes } = state;
  const programme = programmes.find((p) => p.code === points.programmeCode);
  const [mode, setMode] = useState<'award' | 'redeem'>('award');
  const [cancelAsked, setCancelAsked] = useState(false);
  if (programme === undefined) return null;
  const can = { award: programme.mayAward, redeem: programme.mayRedeem };
  const shownMode = can[mode] ? mode : mode === 'award' ? 'redeem' : 'award';
  const balance = points.balance;
  return (
    <section class="points" aria-labelledby="points-title">
      <h2 id="points-title">
        {ui('tabPoints', language)}: {programme.name}
      </h2>
      <ProgrammeChoice
        label={ui('pointsProgramme', language)}
        name="programme"
        programmes={programmes}
        value={programme.code}
        onChoose={choosePoints}
      />
      {/* What just happened, above the work: in view on every screen size. */}
      <NoticeLine
        book={sentences}
        notice={points.notice}
        language={language}
        testId="points-notice"
      />
      <div class="points-layout">
        <div class="points-card">
          {points.myKeyId === undefined ? (
            <p>{ui('pointsNoCard', language)}</p>
          ) : (
            <p>
              {ui('pointsCustomer', language)}{' '}
              <output data-testid="points-customer">{maskIdentifier(points.myKeyId)}</output>
            </p>
          )}
          {balance !== undefined && (
            <>
              <p class="points-balance">
                <span>{ui('pointsBalance', language)}</span>
                <output data-testid="points-balance">
                  {balance.shown.balance.toLocaleString()}
                </output>
                <span>{ui('pointsUnit', language)}</span>
              </p>
              {balance.shown.soonest !== undefined && (
                <p data-testid="points-soonest">
                  {fill(ui('pointsSoonest', language), {
                    n: balance.shown.soonest.points.toLocaleString(),
                    date: dayInWords(balance.shown.soonest.expiresOn, language),
                  })}
                </p>
              )}
              {balance.lastKnown && (
                <p class="notice info" data-testid="points-last-known">
                  {fill(ui('pointsLastKnown', language), {
                    time: new Date(balance.at).toLocaleTimeString(localeOf(language)),
                  })}
                </p>
              )}
            </>
          )}
          <button
            type="button"
            class="big"
            disabled={points.busy}
            onClick={() => void readCardForPoints()}
          >
            {ui('pointsReadCard', language)}
          </button>
        </div>
        <div class="points-actions">
          {/* While the holder types the PIN the pad is the whole panel: 付与/利用 would only move
              its 【確認】 below a landscape tablet's fold, and the holder has nothing to choose. */}
          {points.pin === undefined && (
            <div class="points-modes">
              {(['award', 'redeem'] as const)
                .filter((m) => can[m])
                .map((m) => (
                  <button
                    type="button"
                    key={m}
                    aria-pressed={shownMode === m}
                    onClick={() => setMode(m)}
                  >
                    {ui(m === 'award' ? 'pointsAward' : 'pointsRedeem', language)}
                  </button>
                ))}
            </div>
          )}
          {points.pin !== undefined ? (
            // A redemption above the programme's threshold: the pad is turned to the holder.
            <>
              <HolderPinPanel
                triesLeft={points.pin.triesLeft}
                busy={points.busy}
                language={language}
                onSubmit={(typed) => void submitPointsPin(typed)}
                testId="points-pin"
              />
              <button type="button" class="secondary" onClick={stopPointsPin}>
                {ui('pointsPinStop', language)}
              </button>
            </>
          ) : shownMode === 'award' ? (
            <AwardForm programme={programme} state={state} />
          ) : (
            <RedeemForm programme={programme} state={state} />
          )}
        </div>
      </div>
      {points.unsure !== undefined && (
        <button
          type="button"
          class="primary"
          disabled={points.busy}
          onClick={() => void checkUnsureRedemption()}
        >
          {ui('pointsCheckResult', language)}
        </button>
      )}
      {points.last !== undefined && !cancelAsked && (
        <button type="button" class="secondary" onClick={() => setCancelAsked(true)}>
          {ui('pointsCancelLast', language)}
        </button>
      )}
      {points.last !== undefined && cancelAsked && (
        <div class="points-confirm" role="alert">
          <span>
            {fill(ui('pointsCancelWhat', language), {
              what: ui(points.last.kind === 'award' ? 'pointsAward' : 'pointsRedeem', language),
              n: points.last.points,
            })}
          </span>
          <button
            type="button"
            class="primary"
            disabled={points.busy}
            onClick={() => {
              setCancelAsked(false);
              void cancelLast();
            }}
          >
            {ui('pointsCancelYes', language)}
          </button>
          <button type="button" class="secondary" onClick={() => setCancelAsked(false)}>
            {ui('pointsCancelNo', language)}
          </button>
        </div>
      )}
      <div class="screen-tools">
        <button type="button" class="secondary" onClick={forgetPointsCustomer}>
          {ui('pointsNextCustomer', language)}
        </button>
        <SimulatedCards state={state} language={language} kinds={['mynumber']} />
      </div>
    </section>
  );
}

/** 付与: the purchase total and the points it gives, then confirm; or a named activity. */
function AwardForm({ programme, state }: { programme: TerminalProgramme; state: Shown }) {
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
function RedeemForm({ programme, state }: { programme: TerminalProgramme; state: Shown }) {
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
