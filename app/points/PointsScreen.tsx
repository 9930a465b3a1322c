import './points.css';
import { useState } from 'preact/hooks';
import { maskIdentifier } from '../../core/mask';
import { dayInWords, localeOf } from '../sentences/dates';
import { fill } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';
import { HolderPinPanel } from '../widgets/HolderPinPanel';
import { NoticeLine } from '../widgets/NoticeLine';
import { ProgrammeChoice } from '../widgets/ProgrammeChoice';
import { SimulatedCards } from '../widgets/SimulatedCards';
import { AwardForm, RedeemForm } from './PointsForms';
import { readCardForPoints } from './points-balance';
import { forgetPointsCustomer } from './points-customer';
import { sentences, ui } from './points-sentences';
import {
  cancelLast,
  checkUnsureRedemption,
  choosePoints,
  stopPointsPin,
  submitPointsPin,
} from './points-state';

const selectPart = (s: ReceptionState) => ({
  language: s.language,
  points: s.points,
  programmes: s.programmes,
  bridge: s.bridge,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

/**
 * ポイント at the counter, landscape first: the customer's balance on the left in large numerals,
 * the award or redemption being made on the right, and one sentence for what happened.
 */
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
