import { KIOSK_API } from '../../../core/api/routes/kiosk';
import type { ResponseOf } from '../../../core/api/routes/route';
import type { Question } from './confirm';
import { type At, send } from './step';

/**
 * 自治体を選ぶ: asks first, since municipal points never go back to the partner, then places
 * everything held, with the municipality's premium.
 */
export const PLACE_HOLDINGS: Question<ResponseOf<typeof KIOSK_API.placeHoldings>> = {
  field: 'placing',
  offers: (menu, municipalityCode) =>
    menu.holdings?.municipalities.some((m) => m.code === municipalityCode) ?? false,
  send: (kiosk, session, municipalityCode) =>
    kiosk.platform.call(KIOSK_API.placeHoldings, {
      sessionToken: session.sessionToken,
      municipalityCode,
    }),
  done: (menu, municipalityCode, placed) => {
    const programme = menu.holdings?.municipalities.find((m) => m.code === municipalityCode);
    return {
      tone: 'ok',
      text: 'kioskPlaced',
      values: {
        n: placed.points.toLocaleString(),
        premium: placed.premium.toLocaleString(),
        programme: programme?.programmeName ?? placed.programmeCode,
      },
    };
  },
};

/** 基本自治体: where held points go by themselves when their days are over. */
export async function chooseDefault(at: At<'menu'>, municipalityCode: string): Promise<void> {
  const { kiosk, holder, screen } = at;
  const answer = await send(at, () =>
    kiosk.platform.call(KIOSK_API.setDefaultMunicipality, {
      sessionToken: holder.sessionToken,
      municipalityCode,
    }),
  );
  if (answer === undefined) return;
  const name = screen.holdings?.municipalities.find((m) => m.code === municipalityCode)?.name;
  await kiosk.showMenu({
    tone: 'ok',
    text: 'kioskDefaultSet',
    values: { municipality: name ?? municipalityCode },
  });
}
