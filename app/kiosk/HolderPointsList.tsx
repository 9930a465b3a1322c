import type { HolderPoints } from '../../core/api/holder-points';
import type { Language } from '../../core/error-messages';
import { dayInWords } from '../sentences/dates';
import { fill } from '../sentences/messages';
import { Ruby } from '../widgets/Ruby';
import type { KioskKey } from './kiosk-sentences';
import { ui, uiMarked } from './kiosk-sentences';

const ENTRY_KIND: Record<HolderPoints['programmes'][number]['entries'][number]['kind'], KioskKey> =
  {
    award: 'kioskPointsAward',
    redeem: 'kioskPointsRedeem',
    cancel: 'kioskPointsCancel',
    expire: 'kioskPointsExpire',
    place: 'kioskPointsPlace',
  };

/**
 * The holder's own points at the kiosk: each programme's balance, the points that expire in the
 * next 90 days with their days, and the entries the platform still holds (day, shop, amount).
 */
export function HolderPointsList({
  points,
  language,
}: {
  points: HolderPoints['programmes'];
  language: Language;
}) {
  return (
    <section class="holder-points" data-testid="kiosk-points">
      <h2>
        <Ruby marked={uiMarked('kioskPoints', language)} />
      </h2>
      {points.length === 0 && <p>{ui('kioskNoPoints', language)}</p>}
      {points.map((programme) => (
        <div class="programme" key={programme.programmeCode}>
          <h3>{programme.programmeName}</h3>
          <p class="points-balance">
            <output data-testid={`kiosk-balance-${programme.programmeCode}`}>
              {programme.balance.toLocaleString()}
            </output>{' '}
            {ui('kioskPointsUnit', language)}
          </p>
          {programme.expiring.map((lot) => (
            <p key={lot.expiresOn} class="expiring">
              <Ruby
                marked={fill(uiMarked('kioskPointsExpiring', language), {
                  n: lot.points.toLocaleString(),
                  date: dayInWords(lot.expiresOn, language),
                })}
              />
            </p>
          ))}
          {programme.entries.length > 0 && (
            <table>
              <caption>
                <Ruby marked={uiMarked('kioskPointsEntries', language)} />
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <Ruby marked={uiMarked('kioskPointsDay', language)} />
                  </th>
                  <th scope="col">
                    <Ruby marked={uiMarked('kioskPointsWhat', language)} />
                  </th>
                  <th scope="col">{ui('kioskPointsAmount', language)}</th>
                </tr>
              </thead>
              <tbody>
                {programme.entries.map((entry, i) => (
                  <tr key={`${entry.on}-${i}`}>
                    <td>{dayInWords(entry.on, language)}</td>
                    <td>
                      <Ruby marked={uiMarked(ENTRY_KIND[entry.kind], language)} />
                      {entry.shop === undefined ? '' : ` ${entry.shop}`}
                    </td>
                    <td class="amount">
                      {entry.amount > 0 ? '+' : ''}
                      {entry.amount.toLocaleString()}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
