import type { HolderHoldings } from '../../core/api/holder-holdings';
import type { Language } from '../../core/error-messages';
import { dayInWords } from '../sentences/dates';
import { fill } from '../sentences/messages';
import { Ruby } from '../widgets/Ruby';
import { uiMarked } from './kiosk-sentences';

/**
 * 地域経済応援ポイント at the kiosk: the points converted from partners that wait for a municipality
 * (with their last day), the municipalities to move them to (with their premium; asked twice, as
 * it cannot be undone), the default municipality (基本自治体) that takes them when the days are
 * over, the way in for a coupon code, and the partners to link (ID連携) so their points arrive.
 */
export function HoldingsPanel({
  holdings,
  language,
  busy,
  placing,
  onAskPlace,
  onPlace,
  onKeep,
  onDefault,
  onCoupon,
  onLinkPartner,
}: {
  holdings: HolderHoldings;
  language: Language;
  busy: boolean;
  placing: string | undefined;
  onAskPlace: (municipalityCode: string) => void;
  onPlace: () => void;
  onKeep: () => void;
  onDefault: (municipalityCode: string) => void;
  onCoupon: () => void;
  onLinkPartner: (serviceCode: string) => void;
}) {
  const marked = (key: Parameters<typeof uiMarked>[0], values = {}) => (
    <Ruby marked={fill(uiMarked(key, language), values)} />
  );
  const total = holdings.held.reduce((n, h) => n + h.points, 0);
  const chosen = holdings.municipalities.find((m) => m.code === placing);
  const current = holdings.municipalities.find((m) => m.code === holdings.defaultMunicipalityCode);
  return (
    <section class="holdings" data-testid="kiosk-holdings">
      <h2>{marked('kioskHoldings')}</h2>
      {holdings.held.length === 0 ? (
        <p>{marked('kioskHoldingsNone')}</p>
      ) : (
        <>
          <ul class="held" data-testid="kiosk-held">
            {holdings.held.map((h, i) => (
              <li key={`${h.holdUntil}-${i}`}>
                {marked('kioskHeldFrom', {
                  partner: h.partnerName,
                  n: h.points.toLocaleString(),
                  date: dayInWords(h.holdUntil, language),
                })}
              </li>
            ))}
          </ul>
          {chosen !== undefined ? (
            <div class="confirm" role="alert">
              <p>
                {marked('kioskPlaceAsk', {
                  n: total.toLocaleString(),
                  programme: chosen.programmeName,
                })}
              </p>
              <button type="button" class="big primary" disabled={busy} onClick={onPlace}>
                {marked('kioskPlaceConfirm')}
              </button>
              <button type="button" class="big" disabled={busy} onClick={onKeep}>
                {marked('kioskPlaceKeep')}
              </button>
            </div>
          ) : (
            <>
              <p>{marked('kioskHoldingsHow')}</p>
              <div class="choices">
                {holdings.municipalities.map((m) => (
                  <button
                    type="button"
                    class="big"
                    key={m.code}
                    disabled={busy}
                    onClick={() => onAskPlace(m.code)}
                  >
                    {marked('kioskPlaceTo', { programme: m.programmeName })}
                    {m.premiumPercent > 0 && (
                      <span class="premium">{marked('kioskPremium', { p: m.premiumPercent })}</span>
                    )}
                  </button>
                ))}
              </div>
            </>
          )}
        </>
      )}
      <h3>{marked('kioskDefault')}</h3>
      {current === undefined ? (
        <p class="notice info" data-testid="kiosk-no-default">
          {marked('kioskDefaultNone')}
        </p>
      ) : (
        <p data-testid="kiosk-default">
          {marked('kioskDefault')}: <strong>{current.name}</strong>
        </p>
      )}
      <p>{marked('kioskDefaultHow')}</p>
      <div class="choices">
        {holdings.municipalities
          .filter((m) => m.code !== current?.code)
          .map((m) => (
            <button type="button" key={m.code} disabled={busy} onClick={() => onDefault(m.code)}>
              {marked('kioskDefaultChoose', { municipality: m.name })}
            </button>
          ))}
      </div>
      <button type="button" class="big" disabled={busy} onClick={onCoupon}>
        {marked('kioskCouponOpen')}
      </button>
      {holdings.partners.length > 0 && (
        <>
          <h3>{marked('kioskPartners')}</h3>
          <p>{marked('kioskPartnersHow')}</p>
          <ul class="partners" data-testid="kiosk-partners">
            {holdings.partners.map((p) => (
              <li key={p.serviceCode}>
                {p.linked ? (
                  marked('kioskPartnerLinkedMark', { partner: p.partnerName })
                ) : (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onLinkPartner(p.serviceCode)}
                  >
                    {marked('kioskPartnerLink', { partner: p.partnerName })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
