import type { Language } from '../../core/error-messages';
import { HolderPointsList } from './HolderPointsList';
import { HoldingsPanel } from './HoldingsPanel';
import type { KioskController } from './kiosk-controller';
import type { MenuScreen as Menu } from './kiosk-screen';
import { LinksList } from './LinksList';
import { MyKeyIdPanel } from './MyKeyIdPanel';

/** The citizen's menu: their My Key ID, their links, their points and what they hold. */
export function MenuScreen({
  menu,
  language,
  kiosk,
}: {
  menu: Menu;
  language: Language;
  kiosk: KioskController;
}) {
  return (
    <>
      <MyKeyIdPanel menu={menu} language={language} kiosk={kiosk} />
      <LinksList menu={menu} language={language} kiosk={kiosk} />
      <HolderPointsList points={menu.points} language={language} />
      {menu.holdings !== undefined && menu.holdings.municipalities.length > 0 && (
        <HoldingsPanel
          holdings={menu.holdings}
          language={language}
          busy={menu.busy}
          placing={menu.placing}
          onAskPlace={(code) => kiosk.askToPlace(code)}
          onPlace={() => void kiosk.place()}
          onKeep={() => kiosk.keepHoldings()}
          onDefault={(code) => void kiosk.chooseDefault(code)}
          onCoupon={() => kiosk.openCoupon()}
          onLinkPartner={(code) => kiosk.openPartnerLink(code)}
        />
      )}
    </>
  );
}
