import type { Language } from '../../core/error-messages';
import { Ruby } from '../widgets/Ruby';
import type { KioskController } from './kiosk-controller';
import type { MenuScreen } from './kiosk-screen';
import { ui, uiMarked } from './kiosk-sentences';

/** The citizen's links, each with 【解除】, which asks before it removes anything. */
export function LinksList({
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
      <h2>
        <Ruby marked={uiMarked('kioskLinks', language)} />
      </h2>
      {menu.links.length === 0 ? (
        <p>{ui('kioskNoLinks', language)}</p>
      ) : (
        <ul class="links" data-testid="kiosk-links">
          {menu.links.map((link) =>
            menu.removing === link.serviceCode ? (
              <li key={link.serviceCode} class="confirm" role="alert">
                <span>{ui('kioskUnlinkAsk', language).replace('{service}', link.serviceName)}</span>
                <button
                  type="button"
                  class="primary"
                  disabled={menu.busy}
                  onClick={() => void kiosk.removeLink()}
                >
                  {ui('kioskUnlinkConfirm', language)}
                </button>
                <button type="button" disabled={menu.busy} onClick={() => kiosk.keepLink()}>
                  {ui('kioskUnlinkKeep', language)}
                </button>
              </li>
            ) : (
              <li key={link.serviceCode}>
                <span>{link.serviceName}</span>
                <button
                  type="button"
                  disabled={menu.busy}
                  onClick={() => kiosk.askToRemoveLink(link.serviceCode)}
                >
                  {ui('kioskUnlink', language)}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
    </>
  );
}
