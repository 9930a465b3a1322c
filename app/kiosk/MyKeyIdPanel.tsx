import type { Language } from '../../core/error-messages';
import { Ruby } from '../widgets/Ruby';
import type { KioskController } from './kiosk-controller';
import type { MenuScreen } from './kiosk-screen';
import { ui, uiMarked } from './kiosk-sentences';

/**
 * The citizen's My Key ID at the top of the menu: the registered one; or the card's default with
 * (1) 【登録】 and the way to (2) a custom one; or the custom one reserved for 本登録 at the window.
 */
export function MyKeyIdPanel({
  menu,
  language,
  kiosk,
}: {
  menu: MenuScreen;
  language: Language;
  kiosk: KioskController;
}) {
  return (
    <>
      {menu.myKeyId !== null ? (
        <div class="your-id">
          <span>{ui('kioskYourId', language)}</span>
          <output class="big-id" data-testid="kiosk-mykey-id">
            {menu.myKeyId}
          </output>
        </div>
      ) : menu.reservation === null ? (
        <div class="option">
          <p>{ui('kioskDefaultIntro', language)}</p>
          <output class="big-id" data-testid="kiosk-default-id">
            {menu.defaultId}
          </output>
          <button
            type="button"
            class="big primary"
            disabled={menu.busy}
            onClick={() => void kiosk.registerDefault()}
          >
            {ui('register', language)}
          </button>
        </div>
      ) : null}
      {menu.reservation !== null && (
        <div class="option">
          <p>
            {ui('kioskReservation', language)}:{' '}
            <output data-testid="kiosk-reservation">{menu.reservation.myKeyId}</output>
          </p>
          <p>
            <Ruby marked={uiMarked('kioskReservationHow', language)} />
          </p>
        </div>
      )}
      {menu.myKeyId === null && menu.reservation === null && (
        <button type="button" class="big" onClick={() => kiosk.openCustom()}>
          <Ruby marked={uiMarked('kioskToCustom', language)} />
        </button>
      )}
    </>
  );
}
