import { KIOSK_API } from '../../../core/api/routes/kiosk';
import type { ResponseOf } from '../../../core/api/routes/route';
import type { Question } from './confirm';

/**
 * 【解除】 asks first: a link removed by a stray touch could only be made again at the shop or
 * library, with both cards.
 */
export const REMOVE_LINK: Question<ResponseOf<typeof KIOSK_API.removeHolderLink>> = {
  field: 'removing',
  offers: (menu, serviceCode) => menu.links.some((link) => link.serviceCode === serviceCode),
  send: (kiosk, session, serviceCode) =>
    kiosk.platform.call(KIOSK_API.removeHolderLink, {
      sessionToken: session.sessionToken,
      serviceCode,
    }),
  done: () => ({ tone: 'ok', text: 'linkRemoved' }),
};
